using OmiseEvents.Session;

namespace OmiseEvents.Completion;

/// <summary>Completes -ChargeId with the charge ids this runspace has seen, most recent first.</summary>
public sealed class ChargeIdCompleter : RecentIdCompleter
{
    private protected override RecentIdSet Ids(RunspaceState state) => state.ChargeIds;

    private protected override string Kind => "Charge";
}
