using System.Management.Automation;
using OmiseEvents.Errors;
using OmiseEvents.Paging;

namespace OmiseEvents.Commands;

/// <summary>Lists the account's events, every page, streaming; or gets events by id.</summary>
[Cmdlet(VerbsCommon.Get, "OmiseEvent", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(Event), typeof(string))]
public sealed class GetOmiseEventCommand : EventListCmdlet
{
    private const string ByIdSet = "ById";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    [ArgumentCompleter(typeof(Completion.EventIdCompleter))]
    public string?[]? Id { get; set; }

    private OutputWindow? _byIdWindow;

    protected override void ProcessRecord()
    {
        if (IsListing)
        {
            WriteListing("events", "/events", OmiseErrors.OmiseApiError, terminating: true);
            return;
        }

        var window = _byIdWindow ??= new OutputWindow(PagingParameters.Skip, PagingParameters.First);
        foreach (string id in WellFormed(Id, IdShape.Event))
        {
            if (window.IsFull)
            {
                return;
            }
            CallApi(() =>
            {
                var e = GetEvent(id);
                if (window.Admit())
                {
                    WriteEvent(e);
                }
            }, id, terminating: false, OmiseErrors.EventNotFound);
        }
    }
}
