using System;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OmiseEvents.Json;

/// <summary>
/// A <see cref="Utf8JsonReader"/> over a whole body that can also pass over a long string value
/// without tokenising it (<see cref="TrySkipStringValue"/>), with offsets counted from the start
/// of the body.
/// </summary>
/// <remarks>
/// Webhook delivery payloads are whole events escaped into strings: a quote every few bytes, so
/// the reader validates them a byte at a time, and in a long listing that was the largest single
/// cost of reading a page. Nobody reads them from the page (Payload is read from the event's own
/// bytes when asked for), so they are passed over with a vectorised search for the closing quote,
/// and the reader resumes after them from its saved state.
/// </remarks>
internal ref struct JsonCursor
{
    // What the reader is shown in place of a string it passed over: the grammar's state after a
    // string does not depend on what the string held.
    private static readonly byte[] EmptyString = { (byte)'"', (byte)'"' };

    private readonly ReadOnlySpan<byte> _json;
    private Utf8JsonReader _reader;
    private int _base;

    public JsonCursor(ReadOnlySpan<byte> json)
    {
        _json = json;
        _reader = new Utf8JsonReader(json);
        _base = 0;
    }

    public JsonTokenType TokenType => _reader.TokenType;
    /// <summary>Where the current token starts, from the start of the body.</summary>
    public int TokenStart => _base + (int)_reader.TokenStartIndex;
    /// <summary>Bytes of the body read so far.</summary>
    public int BytesConsumed => _base + (int)_reader.BytesConsumed;
    public ReadOnlySpan<byte> ValueSpan => _reader.ValueSpan;
    public bool ValueIsEscaped => _reader.ValueIsEscaped;

    public bool Read() => _reader.Read();
    public void Skip() => _reader.Skip();
    public bool ValueTextEquals(ReadOnlySpan<byte> text) => _reader.ValueTextEquals(text);
    public string? GetString() => _reader.GetString();
    public bool TryGetInt64(out long value) => _reader.TryGetInt64(out value);
    public bool TryGetDateTimeOffset(out DateTimeOffset value) => _reader.TryGetDateTimeOffset(out value);

    /// <summary>
    /// On a property name whose value is a string: moves past the value and returns true. For any
    /// other value, returns false and leaves the reader on the property name. The string's
    /// content is not validated; the page's structure still is.
    /// </summary>
    [MethodImpl((MethodImplOptions)512)] // AggressiveOptimization: see EventReader.
    public bool TrySkipStringValue()
    {
        int at = BytesConsumed;
        while (at < _json.Length && _json[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }
        if (at >= _json.Length || _json[at] != (byte)'"')
        {
            return false;
        }
        int end = -1;
        for (int from = at + 1; from < _json.Length;)
        {
            int found = _json.Slice(from).IndexOfAny((byte)'"', (byte)'\\');
            if (found < 0)
            {
                break;
            }
            if (_json[from + found] == (byte)'"')
            {
                end = from + found + 1;
                break;
            }
            from += found + 2; // a backslash escapes the byte after it
        }
        if (end < 0)
        {
            return false; // unterminated: let the reader report it
        }

        var standIn = new Utf8JsonReader(EmptyString, isFinalBlock: false, _reader.CurrentState);
        standIn.Read();
        _reader = new Utf8JsonReader(_json.Slice(end), isFinalBlock: true, standIn.CurrentState);
        _base = end;
        return true;
    }
}
