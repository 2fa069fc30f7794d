using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Errors;
using OmiseEvents.Json;
using OmiseEvents.Paging;
using OmiseEvents.Session;

namespace OmiseEvents.Commands;

/// <summary>
/// What Get-OmiseEvent and Get-OmiseChargeEvent share: the list parameters, -After and -Wait, and
/// writing a listing to the pipeline one event at a time as its pages arrive.
/// </summary>
public abstract class EventListCmdlet : OmiseApiCmdlet
{
    private protected const string ListSet = "List";
    private protected const string AfterSet = "After";

    /// <summary>The earliest time to list. A time without a kind is taken as local time.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [IsoDateTransformation]
    public DateTime From { get; set; }

    /// <summary>The latest time to list; defaults to the server's "now" when the listing starts.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = AfterSet)]
    [IsoDateTransformation]
    public DateTime To { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public EventOrder Order { get; set; } = EventOrder.Chronological;

    /// <summary>Events per request (the API allows 1 to 100).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = AfterSet)]
    [ValidateRange(1, 100)]
    public int PageSize { get; set; } = 100;

    /// <summary>Only events whose key matches one of these wildcard patterns, e.g. charge.*.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = AfterSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EventKeyCompleter))]
    public string[]? Key { get; set; }

    /// <summary>
    /// Only the events that come after this one (an event, a CSV row of one, or its id), in the
    /// server's chronological order. Empty lists every event, as a first run has no checkpoint yet.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AfterSet)]
    [AllowNull]
    [AllowEmptyString]
    [EventIdTransformation]
    [ArgumentCompleter(typeof(Completion.EventIdCompleter))]
    public string? After { get; set; }

    /// <summary>Once the listing is caught up, keep polling for new events until Ctrl+C, the pipeline stops, or -Timeout.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = AfterSet)]
    public SwitchParameter Wait { get; set; }

    /// <summary>Seconds between polls with -Wait (at least 5: Omise asks clients not to poll often).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = AfterSet)]
    [ValidateRange(5, 86400)]
    public int PollInterval { get; set; } = (int)Following.DefaultPollInterval.TotalSeconds;

    /// <summary>With -Wait: stop quietly after this many seconds, counted from the start of the listing (of each charge's, for Get-OmiseChargeEvent).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = AfterSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; }

    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Writes each event's JSON exactly as the server sent it (one string per event), for archiving.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    // The paging parameters are the module's own rather than SupportsPaging's, which puts them in
    // every parameter set: -Skip has no place beside -After (which says where to start), nor
    // -IncludeTotalCount beside -Id, and only parameter sets make Get-Command -Syntax say so.

    /// <summary>Writes the listing's total (the API's) before its events.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = AfterSet)]
    public SwitchParameter IncludeTotalCount { get; set; }

    /// <summary>Leaves out this many events first. Each cmdlet says in which of its parameter sets.</summary>
    public abstract ulong Skip { get; set; }

    /// <summary>Writes at most this many events.</summary>
    [Parameter]
    public ulong First { get; set; } = ulong.MaxValue;

    private DateTime? _fromUtc;
    private DateTime? _toUtc;
    private Func<string, bool>? _keyMatches;
    private Event? _checkpoint;

    private protected bool IsListing => ParameterSetName is ListSet or AfterSet;

    protected override void BeginProcessing()
    {
        if (IsListing)
        {
            _fromUtc = Bound(nameof(From)) ? ToUtc(From) : null;
            _toUtc = Bound(nameof(To)) ? ToUtc(To) : null;
            ValidateTimeRange(_fromUtc, _toUtc, nameof(From));
            ValidateCombination();
            if (_fromUtc is { } from && from == _toUtc)
            {
                WriteWarning($"-From and -To are the same time, {from:u}: only events created in that very second can be listed. " +
                    "For a whole day, make -To the next day: -From 2026-11-19 -To 2026-11-20.");
            }
            if (Key is not null)
            {
                var patterns = Key.Select(k => WildcardPattern.Get(k, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
                _keyMatches = key => patterns.Any(p => p.IsMatch(key));
                WarnAboutUndocumentedKeys();
            }
        }
        base.BeginProcessing();
        if (ParameterSetName == AfterSet)
        {
            _checkpoint = ReadCheckpoint();
            ValidateTimeRange(_checkpoint?.Created, _toUtc, nameof(After));
        }
    }

    /// <summary>A -Key with no wildcard that no documented key matches is most likely a typo: it would read every event and write none.</summary>
    private void WarnAboutUndocumentedKeys()
    {
        foreach (string key in Key!)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(key)
                && !Completion.EventKeyCompleter.DocumentedKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                WriteWarning($"-Key '{key}' is no event key Omise documents, so it may match no event. " +
                    $"Nearest: {string.Join(", ", Completion.EventKeyCompleter.Nearest(key))}. Press Tab after -Key for the documented keys.");
            }
        }
    }

    private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();

    private void ValidateTimeRange(DateTime? fromUtc, DateTime? toUtc, string fromName)
    {
        foreach (var (name, value) in new[] { (fromName, fromUtc), (nameof(To), toUtc) })
        {
            if (value < Epoch)
            {
                ThrowTerminatingError(OmiseErrors.Create(OmiseErrors.InvalidTimeRange, ErrorCategory.InvalidArgument, value,
                    $"-{name} {value:u} is before 1970-01-01, the earliest time the API accepts."));
            }
        }
        if (fromUtc > toUtc)
        {
            ThrowTerminatingError(OmiseErrors.Create(OmiseErrors.InvalidTimeRange, ErrorCategory.InvalidArgument, fromUtc,
                $"-{fromName} {fromUtc:u} is after -To {toUtc:u}: no event can match."));
        }
    }

    /// <summary>What parameter sets cannot say: -Wait's companions.</summary>
    private void ValidateCombination()
    {
        if (Wait && Order == EventOrder.ReverseChronological)
        {
            ThrowTerminatingError(OmiseErrors.IncompatibleParametersError(
                "-Wait follows new events as they arrive, oldest first: it cannot be used with -Order ReverseChronological."));
        }
        if (!Wait && (Bound(nameof(PollInterval)) || Bound(nameof(Timeout))))
        {
            ThrowTerminatingError(OmiseErrors.IncompatibleParametersError("-PollInterval and -Timeout are for -Wait: add -Wait, or leave them out."));
        }
    }

    /// <summary>-After's event, read once: it must still exist, or what came after it may be gone too.</summary>
    private Event? ReadCheckpoint()
    {
        if (string.IsNullOrEmpty(After))
        {
            WriteWarning("-After is empty, so there is no checkpoint yet (a first run): listing every event Omise still has.");
            return null;
        }
        if (!IdShape.Event.Matches(After))
        {
            ThrowTerminatingError(IdShape.Event.Malformed(After));
        }
        Event? checkpoint = null;
        CallApi(() => checkpoint = GetEvent(After!), After, terminating: true, OmiseErrors.CheckpointNotFound);
        return checkpoint;
    }

    /// <summary>One event by its id.</summary>
    private protected Event GetEvent(string id) => WaitFor(StartGetEvent(id));

    /// <summary>Asks for one event by its id, without waiting for the answer.</summary>
    private protected System.Threading.Tasks.Task<Event> StartGetEvent(string id) =>
        Http.EventLookup.Start(Client, id, StopToken);

    /// <summary>A listing whose first request is already sent: <see cref="StartListing"/> made it, <see cref="WriteListing"/> goes on with it.</summary>
    private protected sealed class StartedListing
    {
        public StartedListing(EventListRequest request, ListingCursor cursor, PageRequest first, System.Threading.Tasks.Task<EventPage> answer)
        {
            Request = request;
            Cursor = cursor;
            First = first;
            Answer = answer;
        }

        public EventListRequest Request { get; }
        public ListingCursor Cursor { get; }
        public PageRequest First { get; }
        public System.Threading.Tasks.Task<EventPage> Answer { get; }
    }

    /// <summary>What to list at <paramref name="path"/>, from the parameters; null when -First 0 wants nothing.</summary>
    private EventListRequest? ListRequest(string path, string? chargeId) =>
        First == 0 && !IncludeTotalCount.IsPresent
            ? null
            : new EventListRequest(path, _fromUtc, _toUtc, Order, PageSize, Skip, First, _keyMatches,
                _checkpoint, Wait, chargeId);

    /// <summary>Sends the first request of a listing now, to be written later by <see cref="WriteListing"/>; null when there is nothing to ask.</summary>
    private protected StartedListing? StartListing(string path, string? chargeId = null)
    {
        if (ListRequest(path, chargeId) is not { } request)
        {
            return null;
        }
        var cursor = new ListingCursor(request);
        return cursor.TryPlan(out var first) ? new StartedListing(request, cursor, first, EventPager.Fetch(Client, request, first, StopToken)) : null;
    }

    /// <summary>
    /// Lists <paramref name="path"/> and writes each event that passes -After, -Key and the
    /// -Skip/-First window as soon as its page is read; with -Wait, then follows. Goes on from
    /// <paramref name="started"/> when its first request was sent earlier, with at most
    /// <paramref name="concurrency"/> requests in flight (the connection's by default).
    /// </summary>
    private protected void WriteListing(string path, object target, string notFoundId, bool terminating, string? chargeId = null,
        StartedListing? started = null, int? concurrency = null)
    {
        if ((started?.Request ?? ListRequest(path, chargeId)) is not { } request)
        {
            return;
        }
        ulong first = request.First;
        bool wantTotal = IncludeTotalCount.IsPresent;
        var following = Wait ? new Following(TimeSpan.FromSeconds(PollInterval), Bound(nameof(Timeout)) ? TimeSpan.FromSeconds(Timeout) : null, ResolvedConnection.Clock) : null;
        var progress = WantsProgress(first)
            ? new ListingProgress(WriteProgress, 0x0E7E + MyInvocation.PipelinePosition, (Wait ? "Following Omise events: " : "Listing Omise events: ") + target,
                later: WhileWaiting)
            : null;
        try
        {
            CallApi(() => WriteSteps(request, started, concurrency ?? ResolvedConnection.MaxConcurrency, following, progress, wantTotal),
                target, terminating, notFoundId);
        }
        finally
        {
            progress?.Complete();
        }
    }

    /// <summary>Runs the listing's cursor through the pager and writes each step: notes, warnings, the total, events, waits.</summary>
    private void WriteSteps(EventListRequest request, StartedListing? started, int concurrency, Following? following, ListingProgress? progress, bool wantTotal)
    {
        var clock = ResolvedConnection.Clock;
        DateTime? waitingSince = null;
        var cursor = started?.Cursor ?? new ListingCursor(request);
        foreach (var step in EventPager.Steps(Client, cursor, request, concurrency, following, this, this, StopToken,
            started is null ? null : (started.First, started.Answer)))
        {
            foreach (string note in step.Notes)
            {
                WriteVerbose(note);
            }
            if (step.Warning is { } warning)
            {
                WriteWarning(warning);
            }
            if (step.Total is long total && wantTotal)
            {
                // Past -Key, -After or -Wait, the server's total counts more than is written: an upper bound, said so.
                WriteObject(TotalCount((ulong)total, exact: request.ServerSkips));
                wantTotal = false;
            }
            foreach (var e in step.Events)
            {
                WriteEvent(e);
                waitingSince = null;
            }
            // One progress record a page: a page that leaves the listing caught up is told by the waiting record alone.
            if (step.State == CursorState.Waiting)
            {
                waitingSince ??= clock.UtcNow;
                progress?.Waiting(step.Records, waitingSince.Value, following!.PollInterval);
            }
            else if (step.Total is long read)
            {
                progress?.PageRead(step.Records, read);
            }
        }
    }

    /// <summary>-IncludeTotalCount's object, as PowerShell's paging writes it: the number, its Accuracy, and as text "Total count: n" or "Estimated total count: n".</summary>
    private static PSObject TotalCount(ulong total, bool exact)
    {
        var count = new PSObject(total);
        count.Members.Add(new PSNoteProperty("Accuracy", exact ? 1.0 : 0.5));
        string text = (exact ? "Total count: " : "Estimated total count: ") + total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        count.Members.Add(new PSScriptMethod("ToString", ScriptBlock.Create("'" + text + "'")));
        return count;
    }

    /// <summary>No progress for what one page holds, nor when $ProgressPreference silences it anyway.</summary>
    private bool WantsProgress(ulong first) =>
        (Wait || _keyMatches is not null || first > (ulong)PageSize)
        && GetVariableValue("ProgressPreference") is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);

    private RunspaceState? _state;

    /// <summary>Every event the module writes goes through here; its ids are remembered for tab completion.</summary>
    private protected void WriteEvent(Event e)
    {
        _state ??= RunspaceState.Current;
        _state.EventIds.Add(e.Id);
        if (e.ChargeId is { } chargeId)
        {
            _state.ChargeIds.Add(chargeId);
        }
        if (Raw)
        {
            WriteObject(e.GetRawJson());
            return;
        }
        e.Detach();
        WriteObject(e);
    }
}
