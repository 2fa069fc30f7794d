using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using OmiseEvents.Errors;
using OmiseEvents.Http;
using OmiseEvents.Paging;

namespace OmiseEvents.Commands;

/// <summary>Lists the account's events, every page, streaming; or gets events by id.</summary>
/// <remarks>
/// Ids from the pipeline are looked up up to the connection's concurrency at a time while more
/// input arrives, and their events and errors are written in input order.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "OmiseEvent", DefaultParameterSetName = ListSet)]
[OutputType(typeof(Event), typeof(string))]
public sealed class GetOmiseEventCommand : EventListCmdlet
{
    private const string ByIdSet = "ById";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [EventIdTransformation]
    [ArgumentCompleter(typeof(Completion.EventIdCompleter))]
    public string?[]? Id { get; set; }

    /// <summary>Leaves out this many events first: of the listing, or of the ids given.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Parameter(ParameterSetName = ByIdSet)]
    public override ulong Skip { get; set; }

    private OutputWindow? _byIdWindow;

    // A lookup in flight, or (Lookup null) an id of the wrong shape, which costs no request.
    private readonly InputOrder<(string? Id, Task<Event>? Lookup)> _pending = new();

    protected override void ProcessRecord()
    {
        if (IsListing)
        {
            WriteListing("events", "/events", OmiseErrors.OmiseApiError, terminating: true);
            return;
        }

        _byIdWindow ??= new OutputWindow(Skip, First);
        foreach (string? id in Id ?? new string?[] { null })
        {
            if (_byIdWindow.IsFull)
            {
                return;
            }
            var lookup = IdShape.Event.Matches(id) ? StartGetEvent(id!) : null;
            _pending.Add((id, lookup), lookup);
            WriteAnswered(inFlightAtMost: ResolvedConnection.MaxConcurrency - 1);
        }
    }

    protected override void EndProcessing()
    {
        WriteAnswered(inFlightAtMost: 0);
    }

    private protected override void OnEnded() => _pending.Abandon();

    /// <summary>
    /// Writes, in input order, every lookup already answered, and waits for the oldest ones until
    /// no more than <paramref name="inFlightAtMost"/> are left.
    /// </summary>
    private void WriteAnswered(int inFlightAtMost)
    {
        var window = _byIdWindow!;
        while (_pending.TryTake(inFlightAtMost, out var next))
        {
            var (id, lookup) = next;
            if (lookup is null)
            {
                WriteError(IdShape.Event.Malformed(id));
                continue;
            }
            CallApi(() =>
            {
                var e = WaitFor(lookup);
                if (window.Admit())
                {
                    WriteEvent(e);
                }
            }, id, terminating: false, OmiseErrors.EventNotFound);
            if (window.IsFull)
            {
                _pending.Abandon();
            }
        }
    }
}
