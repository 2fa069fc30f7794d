using System;
using System.Collections.Generic;
using System.Management.Automation;
using OmiseEvents.Errors;

namespace OmiseEvents.Commands;

/// <summary>
/// Lists the events of one or more charges. Takes charge ids, or events (their ChargeId) from
/// the pipeline; a charge piped twice is listed once.
/// </summary>
[Cmdlet(VerbsCommon.Get, "OmiseChargeEvent", DefaultParameterSetName = ListSet, SupportsPaging = true)]
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

    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

    protected override void ProcessRecord()
    {
        foreach (string id in WellFormed(ChargeId, IdShape.Charge))
        {
            if (!_listed.Add(id))
            {
                WriteVerbose($"Charge {id} was listed already in this pipeline.");
                continue;
            }
            WriteListing($"charges/{id}/events", id, OmiseErrors.ChargeNotFound, terminating: false, chargeId: id);
        }
    }
}
