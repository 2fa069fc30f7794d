using System.Threading;
using System.Threading.Tasks;
using OmiseEvents.Json;

namespace OmiseEvents.Http;

/// <summary>One event by its id: GET /events/{id}. Get-OmiseEvent -Id, -After's checkpoint and Send-OmiseWebhook's ids all ask this way.</summary>
internal static class EventLookup
{
    public static Task<Event> Start(OmiseApiClient client, string id, CancellationToken cancellation) =>
        client.GetAsync("events/" + id, body => EventReader.ReadEvent(body.Json), cancellation);
}
