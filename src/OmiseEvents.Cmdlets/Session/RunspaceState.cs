using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using OmiseEvents.Completion;

namespace OmiseEvents.Session;

/// <summary>
/// What the module remembers for one runspace. Keyed weakly by the runspace, so two runspaces in
/// one process never see each other's connection and a closed runspace's state goes with it.
/// </summary>
internal sealed class RunspaceState
{
    private static readonly ConditionalWeakTable<Runspace, RunspaceState> States = new();

    public static RunspaceState Current =>
        States.GetValue(Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace is running this command."), _ => new RunspaceState());

    public OmiseConnection? Connection { get; set; }

    /// <summary>Event ids this runspace has seen, for -Id completion.</summary>
    public RecentIdSet EventIds { get; } = new(CompletionMemory);

    /// <summary>Charge ids this runspace has seen, for -ChargeId completion.</summary>
    public RecentIdSet ChargeIds { get; } = new(CompletionMemory);

    private const int CompletionMemory = 500;
}
