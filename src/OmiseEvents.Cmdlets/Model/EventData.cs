using System;
using System.Collections.Generic;
using System.Text.Json;
using OmiseEvents.Json;

namespace OmiseEvents;

/// <summary>
/// An event's <c>data</c>, the object the event is about, kept as the server's bytes. Its text
/// (an Export-Csv cell, <c>"$($e.Data)"</c>) is that JSON, compact and ASCII-only, written from the
/// bytes; its fields are properties to PowerShell (<c>$e.Data.amount</c>, Format-List,
/// ConvertTo-Json), read from the bytes the first time one is asked for: see
/// <see cref="PowerShellView.EventDataAdapter"/>. It has no public properties of its own, so
/// ConvertTo-Json sees only the fields.
/// </summary>
public sealed class EventData
{
    private readonly byte[] _eventJson;
    private readonly int _start;
    private readonly int _length;
    private List<KeyValuePair<string, object?>>? _fields;

    private EventData(byte[] eventJson, int start, int length)
    {
        _eventJson = eventJson;
        _start = start;
        _length = length;
    }

    /// <summary>The <c>data</c> object of an event's JSON, or null when it has none.</summary>
    internal static EventData? Of(byte[] eventJson)
    {
        var reader = new Utf8JsonReader(eventJson);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isData = reader.ValueTextEquals("data");
            reader.Read();
            if (isData)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }
                int start = (int)reader.TokenStartIndex;
                reader.Skip();
                return new EventData(eventJson, start, (int)reader.BytesConsumed - start);
            }
            reader.Skip();
        }
        return null;
    }

    /// <summary>The fields in the server's order, objects as PSCustomObjects, as Invoke-RestMethod gives them.</summary>
    internal List<KeyValuePair<string, object?>> Fields
    {
        get
        {
            if (_fields is null)
            {
                using var document = JsonDocument.Parse(Json);
                var fields = new List<KeyValuePair<string, object?>>();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    fields.Add(new KeyValuePair<string, object?>(property.Name, JsonToPSObject.Convert(property.Value)));
                }
                _fields = fields;
            }
            return _fields;
        }
    }

    private ReadOnlyMemory<byte> Json => new(_eventJson, _start, _length);

    /// <summary>The object as the server sent it, as compact JSON with every non-ASCII character escaped.</summary>
    public override string ToString() => OmiseJson.Compact(Json);
}
