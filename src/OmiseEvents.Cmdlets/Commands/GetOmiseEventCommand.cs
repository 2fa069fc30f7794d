using System.Management.Automation;
using OmiseEvents.Errors;
using OmiseEvents.Json;
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

        _byIdWindow ??= new OutputWindow(PagingParameters.Skip, PagingParameters.First);
        foreach (string? id in Id ?? new string?[] { null })
        {
            if (!OmiseIds.IsEventId(id))
            {
                WriteError(OmiseErrors.InvalidId(OmiseErrors.InvalidEventId, "event", "evnt_test_5xyz… or evnt_5xyz…", id));
                continue;
            }
            if (_byIdWindow.IsFull)
            {
                return;
            }
            try
            {
                var e = WaitFor(Client.GetAsync("events/" + id, root => EventReader.ReadEvent(root), StopToken));
                if (_byIdWindow.Admit())
                {
                    WriteEvent(e);
                }
            }
            catch (System.Exception e) when (OmiseErrors.IsRequestFailure(e))
            {
                WriteFailure(e, id, OmiseErrors.EventNotFound, terminating: false);
            }
            finally
            {
                WriteQueuedMessages();
            }
        }
    }
}
