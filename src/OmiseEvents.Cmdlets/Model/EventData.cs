using System;
using System.Collections;
using System.Collections.Specialized;
using System.Text.Json;
using OmiseEvents.Json;

namespace OmiseEvents;

/// <summary>
/// An event's <c>data</c>, the object the event is about, kept as the server's bytes. Its text
/// (an Export-Csv cell, <c>"$($e.Data)"</c>) is that JSON, compact and ASCII-only, written from the
/// bytes. Its fields are read from the bytes the first time one is asked for, in the server's
/// order, objects as PSCustomObjects as Invoke-RestMethod gives them. It is a dictionary of them,
/// which PowerShell reads as it reads a hashtable (<c>$e.Data.amount</c>, <c>$e.Data['amount']</c>,
/// ConvertTo-Json) in every runspace, whether or not it imported the module, and C# by key. (A
/// types-file adapter would make them properties for Format-List and Select-Object too, but only in
/// runspaces that loaded it, and PowerShell's member cache then answered null in the others.) A
/// script may change them; the text stays what the server sent.
/// </summary>
public sealed class EventData : IDictionary
{
    private readonly byte[] _eventJson;
    private readonly int _start;
    private readonly int _length;
    private OrderedDictionary? _fields;

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

    internal OrderedDictionary Fields
    {
        get
        {
            if (_fields is null)
            {
                using var document = JsonDocument.Parse(Json);
                var fields = new OrderedDictionary(StringComparer.OrdinalIgnoreCase);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    // As ConvertFrom-Json, the last of a repeated name wins.
                    fields[property.Name] = JsonToPSObject.Convert(property.Value);
                }
                _fields = fields;
            }
            return _fields;
        }
    }

    private ReadOnlyMemory<byte> Json => new(_eventJson, _start, _length);

    /// <summary>The object as the server sent it, as compact JSON with every non-ASCII character escaped.</summary>
    public override string ToString() => OmiseJson.Compact(Json);

    object? IDictionary.this[object key] { get => Fields[key]; set => Fields[key] = value; }
    ICollection IDictionary.Keys => Fields.Keys;
    ICollection IDictionary.Values => Fields.Values;
    bool IDictionary.IsReadOnly => false;
    bool IDictionary.IsFixedSize => false;
    int ICollection.Count => Fields.Count;
    bool ICollection.IsSynchronized => false;
    object ICollection.SyncRoot => Fields;
    void IDictionary.Add(object key, object? value) => Fields.Add(key, value);
    void IDictionary.Clear() => Fields.Clear();
    bool IDictionary.Contains(object key) => Fields.Contains(key);
    void IDictionary.Remove(object key) => Fields.Remove(key);
    IDictionaryEnumerator IDictionary.GetEnumerator() => Fields.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => Fields.GetEnumerator();
    void ICollection.CopyTo(Array array, int index) => Fields.CopyTo(array, index);
}
