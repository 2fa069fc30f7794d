using System;
using OmiseEvents.Json;

namespace OmiseEvents;

/// <summary>
/// One event of an Omise account's event log. Typed fields are read when the page arrives;
/// <see cref="Data"/> reads the kept JSON (the server's UTF-8 bytes) when asked for, so filtering
/// and exporting ids costs nothing for the (often large) object the event is about.
/// </summary>
public sealed class Event
{
    private EventBytes _json;
    private EventData? _data;
    private bool _dataFound;
    private WebhookDeliveryList? _webhookDeliveries;

    internal Event(EventBytes json, string id, string key, DateTime created, bool liveMode, string? location,
        string? dataObject, string? dataId, string? chargeId, DataFacts facts, bool webhookDeliveriesKnown, string? teamUid)
    {
        _json = json;
        Id = id;
        Key = key;
        Created = created;
        LiveMode = liveMode;
        Location = location;
        DataObject = dataObject;
        DataId = dataId;
        ChargeId = chargeId;
        DataStatus = facts.Status;
        DataAmount = facts.Amount;
        DataCurrency = facts.Currency;
        WebhookDeliveriesKnown = webhookDeliveriesKnown;
        TeamUid = teamUid;
    }

    public string Id { get; }
    /// <summary>What happened, e.g. <c>charge.create</c>.</summary>
    public string Key { get; }
    /// <summary>
    /// When it happened, in UTC (from <c>created_at</c>, or <c>created</c> in API versions before 2019-05-29).
    /// PowerShell sees it as a <see cref="UtcTime"/>, whose text is ISO 8601: see OmiseEvents.Types.ps1xml.
    /// </summary>
    public DateTime Created { get; }
    public bool LiveMode { get; }
    public string? Location { get; }
    /// <summary>The kind of object the event is about, e.g. <c>charge</c>, <c>refund</c>, <c>dispute</c>.</summary>
    public string? DataObject { get; }
    public string? DataId { get; }
    /// <summary>The charge the event belongs to: the charge itself, or the charge of a refund or dispute.</summary>
    public string? ChargeId { get; }
    /// <summary><c>data.status</c> where the object has one (charges, disputes, refunds, sources, schedules …).</summary>
    public string? DataStatus { get; }
    /// <summary><c>data.amount</c> in the currency's smallest unit (satang for THB), where the object has one.</summary>
    public long? DataAmount { get; }
    public string? DataCurrency { get; }

    /// <summary>
    /// The whole object the event is about, as the API sent it, with unknown fields kept; its text is its JSON.
    /// </summary>
    public EventData? Data
    {
        get
        {
            if (!_dataFound)
            {
                _data = EventData.Of(OwnJson());
                _dataFound = true;
            }
            return _data;
        }
    }

    /// <summary>How many delivery attempts were made; null for events whose API version does not record them.</summary>
    public int? WebhookDeliveryCount => WebhookDeliveriesKnown ? WebhookDeliveries.Count : null;

    /// <summary>The HTTP status of the last delivery attempt; null when there was none or it got no answer.</summary>
    public int? LastWebhookStatus => WebhookDeliveries.Count > 0 ? WebhookDeliveries[WebhookDeliveries.Count - 1].Status : null;

    /// <summary>False for events stored in API versions before 2019-05-29, which do not record deliveries.</summary>
    public bool WebhookDeliveriesKnown { get; }

    /// <summary>
    /// Delivery attempts to webhook endpoints. Empty both when there were none and when the event's
    /// API version does not record them: see <see cref="WebhookDeliveriesKnown"/>. Read from the
    /// kept JSON on first use, like <see cref="Data"/>.
    /// </summary>
    public WebhookDeliveryList WebhookDeliveries => _webhookDeliveries ??= WebhookDeliveriesKnown
        ? EventReader.DeliveriesOf(OwnJson(), Id, Key, Created)
        : WebhookDeliveryList.Unknown;
    public string? TeamUid { get; }

    /// <summary>The event's JSON exactly as the server sent it.</summary>
    public string GetRawJson() => _json.ToText();

    /// <summary>
    /// Gives the event its own copy of its bytes if they are still on its page: done as the event
    /// is written, and for the rest of a page when it is released, so none outlives its page's buffer.
    /// </summary>
    internal void Detach()
    {
        if (_json.OnPage)
        {
            _json = _json.Own();
        }
    }

    private byte[] OwnJson()
    {
        Detach();
        return _json.OwnArray;
    }

    public override string ToString() => Id;
}
