using System;

namespace OmiseEmulator;

/// <summary>
/// One event of the emulated account: the facts are fixed when the log is built, the JSON body is
/// written on first request and kept, so a 100,000-event log costs little until it is listed.
/// </summary>
public sealed class StoredEvent
{
    private byte[]? _json;
    private byte[]? _jsonWithoutData;

    internal StoredEvent(int sequence, string id, EventKeySpec spec, DateTime created, string apiVersion, bool live,
        string dataId, string? parentId, int bodySeed, EventJsonWriter writer)
    {
        Sequence = sequence;
        Id = id;
        Spec = spec;
        Created = created;
        ApiVersion = apiVersion;
        Live = live;
        DataId = dataId;
        ParentId = parentId;
        BodySeed = bodySeed;
        Writer = writer;
    }

    /// <summary>Position in creation order; breaks ties between events of the same second.</summary>
    public int Sequence { get; }
    public string Id { get; }
    public string Key => Spec.Key;
    public EventKeySpec Spec { get; }
    public DateTime Created { get; }
    /// <summary>The API version the event was stored in: it decides the shape, whatever the request asks.</summary>
    public string ApiVersion { get; }
    public bool Live { get; }
    public string DataObject => Spec.Object;
    public string DataId { get; }
    public string? ParentId { get; }
    /// <summary>The charge this event belongs to, if any: what /charges/{id}/events lists it under.</summary>
    public string? ChargeId => Spec.Object == "charge" ? DataId : Spec.ParentObject == "charge" ? ParentId : null;
    internal int BodySeed { get; }
    private EventJsonWriter Writer { get; }

    public bool IsModernShape => ApiVersion == EmulatorDefaults.CurrentApiVersion;

    /// <summary>The event exactly as the server sends it.</summary>
    public byte[] Json => _json ??= Writer.Write(this, includeData: true);

    /// <summary>The exact body Omise delivered for this event, as its deliveries' <c>payload</c> holds it.</summary>
    public byte[] Payload => Writer.WritePayload(this);

    /// <summary>The event as /charges/{id}/events sends it for old-version events: without <c>data</c>.</summary>
    internal byte[] JsonForChargeListing => IsModernShape ? Json : _jsonWithoutData ??= Writer.Write(this, includeData: false);
}
