using OmiseEvents.Session;

namespace OmiseEvents.Completion;

/// <summary>Completes -Id and -After with the event ids this runspace has seen, most recent first.</summary>
public sealed class EventIdCompleter : RecentIdCompleter
{
    private protected override RecentIdSet Ids(RunspaceState state) => state.EventIds;

    private protected override string Kind => "Event";
}
