using System;
using System.Collections.Generic;
using System.Management.Automation;
using OmiseEvents.Json;

namespace OmiseEvents;

/// <summary>
/// One event of an Omise account's event log. Typed fields are read when the page arrives;
/// <see cref="Data"/> is built from the kept JSON on first use, so filtering and exporting
/// ids costs nothing for the (often large) object the event is about.
/// </summary>
public sealed class Event
{
    private static readonly IReadOnlyList<WebhookDelivery> NoDeliveries = Array.Empty<WebhookDelivery>();
    private readonly string _rawJson;
    private PSObject? _data;
    private bool _dataBuilt;

    internal Event(string rawJson, string id, string key, DateTime created, bool liveMode, string? location,
        string? dataObject, string? dataId, string? chargeId, IReadOnlyList<WebhookDelivery>? webhookDeliveries, string? teamUid)
    {
        _rawJson = rawJson;
        Id = id;
        Key = key;
        Created = created;
        LiveMode = liveMode;
        Location = location;
        DataObject = dataObject;
        DataId = dataId;
        ChargeId = chargeId;
        WebhookDeliveriesKnown = webhookDeliveries is not null;
        WebhookDeliveries = webhookDeliveries ?? NoDeliveries;
        TeamUid = teamUid;
    }

    public string Id { get; }
    /// <summary>What happened, e.g. <c>charge.create</c>.</summary>
    public string Key { get; }
    /// <summary>When it happened, in UTC (from <c>created_at</c>, or <c>created</c> in API versions before 2019-05-29).</summary>
    public DateTime Created { get; }
    public bool LiveMode { get; }
    public string? Location { get; }
    /// <summary>The kind of object the event is about, e.g. <c>charge</c>, <c>refund</c>, <c>dispute</c>.</summary>
    public string? DataObject { get; }
    public string? DataId { get; }
    /// <summary>The charge the event belongs to: the charge itself, or the charge of a refund or dispute.</summary>
    public string? ChargeId { get; }

    /// <summary>The whole object the event is about, as the API sent it, with unknown fields kept.</summary>
    public PSObject? Data
    {
        get
        {
            if (!_dataBuilt)
            {
                _data = JsonToPSObject.ReadProperty(_rawJson, "data");
                _dataBuilt = true;
            }
            return _data;
        }
    }

    /// <summary>Delivery attempts to webhook endpoints. Empty both when there were none and when the event's API version does not record them: see <see cref="WebhookDeliveriesKnown"/>.</summary>
    public IReadOnlyList<WebhookDelivery> WebhookDeliveries { get; }

    /// <summary>False for events stored in API versions before 2019-05-29, which do not record deliveries.</summary>
    public bool WebhookDeliveriesKnown { get; }
    public string? TeamUid { get; }

    /// <summary>The event's JSON exactly as the server sent it.</summary>
    public string GetRawJson() => _rawJson;

    public override string ToString() => Id;
}
