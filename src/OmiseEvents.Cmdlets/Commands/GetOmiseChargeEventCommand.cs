using System;
using System.Collections.Generic;
using System.Management.Automation;
using OmiseEvents.Errors;

namespace OmiseEvents.Commands;

/// <summary>
/// Lists the events of one or more charges. Takes charge ids, or events (their ChargeId) from
/// the pipeline; a charge piped twice is listed once.
/// </summary>
/// <remarks>
/// Charges from the pipeline have their first page asked for up to the connection's concurrency
/// at a time while more input arrives; each charge's events and errors are still written in
/// input order, and a charge with more pages goes on from its first. With -Wait each charge is
/// followed in turn, so nothing is asked ahead.
/// </remarks>
[Cmdlet(VerbsCommon.Get, "OmiseChargeEvent", DefaultParameterSetName = ListSet)]
[OutputType(typeof(Event), typeof(string))]
public sealed class GetOmiseChargeEventCommand : EventListCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ListSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AfterSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(Completion.ChargeIdCompleter))]
    public string?[]? ChargeId { get; set; }

    /// <summary>Leaves out this many of each charge's events first.</summary>
    [Parameter(ParameterSetName = ListSet)]
    public override ulong Skip { get; set; }

    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

    // Charges in input order, with their first request when it was sent ahead; ids of the wrong
    // shape wait their turn too, so their errors come out where they were given.
    private readonly InputOrder<(string? Id, bool Malformed, StartedListing? Listing)> _pending = new();

    private int InFlightAtMost => Wait ? 0 : ResolvedConnection.MaxConcurrency - 1;

    protected override void ProcessRecord()
    {
        foreach (string? id in ChargeId ?? new string?[] { null })
        {
            if (!IdShape.Charge.Matches(id))
            {
                _pending.Add((id, true, null), null);
            }
            else if (_listed.Add(id!))
            {
                var listing = InFlightAtMost > 0 ? StartListing(Path(id!), id) : null;
                _pending.Add((id, false, listing), listing?.Answer);
            }
            else
            {
                WriteVerbose($"Charge {id} was listed already in this pipeline.");
            }
            WriteAnswered(InFlightAtMost);
        }
    }

    protected override void EndProcessing() => WriteAnswered(inFlightAtMost: 0);

    private protected override void OnEnded() => _pending.Abandon();

    /// <summary>
    /// Lists, in input order, every charge whose first page is answered, and waits for the oldest
    /// until no more than <paramref name="inFlightAtMost"/> are left. A listing's later pages share
    /// the connection's concurrency with the first pages still in flight.
    /// </summary>
    private void WriteAnswered(int inFlightAtMost)
    {
        while (_pending.TryTake(inFlightAtMost, out var next))
        {
            if (next.Malformed)
            {
                WriteError(IdShape.Charge.Malformed(next.Id));
                continue;
            }
            WriteListing(Path(next.Id!), next.Id!, OmiseErrors.ChargeNotFound, terminating: false, chargeId: next.Id, next.Listing,
                Math.Max(1, ResolvedConnection.MaxConcurrency - _pending.Count));
        }
    }

    private static string Path(string chargeId) => $"charges/{chargeId}/events";
}
