using System;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Errors;
using OmiseEvents.Paging;
using OmiseEvents.Session;

namespace OmiseEvents.Commands;

/// <summary>
/// What Get-OmiseEvent and Get-OmiseChargeEvent share: the list parameters, and writing a
/// listing to the pipeline one event at a time as its pages arrive.
/// </summary>
public abstract class EventListCmdlet : OmiseApiCmdlet
{
    private protected const string ListSet = "List";

    /// <summary>The earliest time to list. A time without a kind is taken as local time.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public DateTime From { get; set; }

    /// <summary>The latest time to list; defaults to the server's "now" when the listing starts.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public DateTime To { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public EventOrder Order { get; set; } = EventOrder.Chronological;

    /// <summary>Events per request (the API allows 1 to 100).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, 100)]
    public int PageSize { get; set; } = 100;

    /// <summary>Only events whose key matches one of these wildcard patterns, e.g. charge.*.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.EventKeyCompleter))]
    public string[]? Key { get; set; }

    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Writes each event's JSON exactly as the server sent it (one string per event), for archiving.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    private DateTime? _fromUtc;
    private DateTime? _toUtc;
    private WildcardPattern[]? _keyPatterns;

    protected override void BeginProcessing()
    {
        if (ParameterSetName == ListSet)
        {
            _fromUtc = Bound(nameof(From)) ? ToUtc(From) : null;
            _toUtc = Bound(nameof(To)) ? ToUtc(To) : null;
            ValidateTimeRange();
            _keyPatterns = Key?.Select(k => WildcardPattern.Get(k, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant)).ToArray();
        }
        base.BeginProcessing();
    }

    private bool Bound(string name) => MyInvocation.BoundParameters.ContainsKey(name);

    private static DateTime ToUtc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();

    private void ValidateTimeRange()
    {
        foreach (var (name, value) in new[] { (nameof(From), _fromUtc), (nameof(To), _toUtc) })
        {
            if (value < Epoch)
            {
                ThrowTerminatingError(OmiseErrors.Create("InvalidTimeRange", ErrorCategory.InvalidArgument, value,
                    $"-{name} {value:u} is before 1970-01-01, the earliest time the API accepts."));
            }
        }
        if (_fromUtc > _toUtc)
        {
            ThrowTerminatingError(OmiseErrors.Create("InvalidTimeRange", ErrorCategory.InvalidArgument, _fromUtc,
                $"-From {_fromUtc:u} is after -To {_toUtc:u}: no event can match."));
        }
    }

    /// <summary>
    /// Lists <paramref name="path"/> and writes each event (that passes -Key and the -Skip/-First
    /// window) as soon as its page is read. -Skip and -First go to the server as offset and limit
    /// unless -Key filters on this side, where they must count what is written.
    /// </summary>
    private protected void WriteListing(string path, object target, string notFoundId, bool terminating, string? chargeId = null)
    {
        ulong skip = PagingParameters.Skip, first = PagingParameters.First;
        bool wantTotal = PagingParameters.IncludeTotalCount.IsPresent;
        if (first == 0 && !wantTotal)
        {
            return;
        }

        bool filtering = _keyPatterns is not null;
        long offset = filtering ? 0 : (long)Math.Min(skip, long.MaxValue);
        // -First 0 -IncludeTotalCount still needs one record's worth of request to learn the total.
        long? maxRecords = filtering || first == ulong.MaxValue ? null : (long)Math.Max(1, Math.Min(first, long.MaxValue));
        var window = new OutputWindow(filtering ? skip : 0, first);
        var request = new EventListRequest(path, _fromUtc, _toUtc, Order, PageSize, offset, maxRecords, chargeId);

        var progress = WantsProgress(maxRecords) ? new ListingProgress(WriteProgress, 0x0E7E + MyInvocation.PipelinePosition, "Listing Omise events: " + target) : null;
        try
        {
            bool isFirstPage = true;
            foreach (var page in EventPager.Pages(Client, request, ResolvedConnection.MaxConcurrency, this, this, StopToken))
            {
                progress?.PageRead(page.Events.Count, page.Total);
                if (isFirstPage && wantTotal)
                {
                    // With -Key the server's total counts unfiltered events: an upper bound, said so.
                    WriteObject(PagingParameters.NewTotalCount((ulong)page.Total, filtering ? 0.5 : 1.0));
                }
                isFirstPage = false;
                foreach (var e in page.Events)
                {
                    if ((!filtering || MatchesKey(e)) && window.Admit())
                    {
                        WriteEvent(e);
                    }
                    if (window.IsFull)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (OmiseErrors.IsRequestFailure(e))
        {
            WriteFailure(e, target, notFoundId, terminating);
        }
        finally
        {
            progress?.Complete();
            WriteQueuedMessages();
        }
    }

    /// <summary>No progress for what one page holds, nor when $ProgressPreference silences it anyway.</summary>
    private bool WantsProgress(long? maxRecords) =>
        (maxRecords is null || maxRecords > PageSize)
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
        WriteObject(Raw ? e.GetRawJson() : e);
    }

    /// <summary>Authentication failures always end the command; others as the caller says.</summary>
    private protected void WriteFailure(Exception e, object? target, string notFoundId, bool terminating)
    {
        var record = OmiseErrors.FromException(e, target, notFoundId);
        if (terminating || record.FullyQualifiedErrorId.StartsWith(OmiseErrors.AuthenticationFailed, StringComparison.Ordinal))
        {
            ThrowTerminatingError(record);
        }
        WriteError(record);
    }

    private bool MatchesKey(Event e)
    {
        foreach (var pattern in _keyPatterns!)
        {
            if (pattern.IsMatch(e.Key))
            {
                return true;
            }
        }
        return false;
    }
}
