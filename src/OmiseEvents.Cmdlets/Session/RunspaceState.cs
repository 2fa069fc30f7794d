using System;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using OmiseEvents.Completion;
using OmiseEvents.Paging;

namespace OmiseEvents.Session;

/// <summary>
/// What the module remembers for one runspace. Keyed weakly by the runspace, so two runspaces in
/// one process never see each other's connection and a closed runspace's state goes with it.
/// </summary>
internal sealed class RunspaceState
{
    private static readonly ConditionalWeakTable<Runspace, RunspaceState> States = new();

    public static RunspaceState Current =>
        Of(Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace is running this command."));

    /// <summary><paramref name="runspace"/>'s state, for a test that sets up a runspace before it runs a command.</summary>
    internal static RunspaceState Of(Runspace runspace) => States.GetValue(runspace, _ => new RunspaceState());

    public OmiseConnection? Connection { get; set; }

    /// <summary>
    /// The clock the webhook cmdlets sign and verify with: the system's, unless a test gives the
    /// runspace a fake one, so no test depends on the real time.
    /// </summary>
    public WaitClock WebhookClock { get; set; } = WaitClock.System;

    /// <summary>Event ids this runspace has seen, for -Id completion.</summary>
    public RecentIdSet EventIds { get; } = new(CompletionMemory);

    /// <summary>Charge ids this runspace has seen, for -ChargeId completion.</summary>
    public RecentIdSet ChargeIds { get; } = new(CompletionMemory);

    private const int CompletionMemory = 500;
}
