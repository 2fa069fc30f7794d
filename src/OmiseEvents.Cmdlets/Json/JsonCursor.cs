using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace OmiseEvents.Json;

/// <summary>
/// A forward-only JSON tokeniser over a whole body, with the part of <see cref="Utf8JsonReader"/>'s
/// surface that <see cref="EventReader"/> uses and the same answers: the same tokens, the same
/// documents accepted (RFC 8259, no comments or trailing commas, at most 64 levels deep), a
/// <see cref="JsonException"/> for the rest. The one departure is asked for by name:
/// <see cref="TrySkipStringValue"/> passes over a string without checking its escapes.
/// </summary>
/// <remarks>
/// Why not <see cref="Utf8JsonReader"/> itself: a PowerShell session keeps the runtime's JIT busy,
/// and a long listing ran most of its pages through the reader's and CoreLib's search helpers
/// while they were still in the instrumented tiers of tiered PGO (profiled: half the listing's CPU
/// went to reading pages, most of it in those tiers and their probes). This type is compiled
/// straight to optimised code and calls nothing hot outside itself. Escaped or non-ASCII strings,
/// and times in any form but the two Omise writes (<c>Z</c>, <c>+00:00</c>), are rare: those few
/// values are handed to <see cref="Utf8JsonReader"/>, so their meaning is exactly the reader's.
/// </remarks>
internal ref struct JsonCursor
{
    // AggressiveOptimization, which netstandard2.0 does not name: see the remarks.
    private const MethodImplOptions Hot = (MethodImplOptions)512;
    private const int MaxDepth = 64;
    private const ulong Ones = 0x0101010101010101UL, Highs = 0x8080808080808080UL;

    // 1 for a byte that ends a run of plain string content: a quote, a backslash, a control character.
    private static ReadOnlySpan<byte> StringStop => new byte[256]
    {
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, // controls
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // '"'
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, // '\\'
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };

    // What a byte is after a backslash: 1 an escape on its own (" \ / b f n r t), 2 the u of \uXXXX;
    // and 4 a hexadecimal digit.
    private static ReadOnlySpan<byte> EscapeKind => new byte[256]
    {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0,
        0, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
        0, 4, 5, 4, 4, 4, 5, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    };

    // The index of the lowest set bit of a byte (8 for none).
    private static ReadOnlySpan<byte> TrailingZeros => new byte[256]
    {
        8, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
        5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
        6, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
        5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
        7, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
        5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
        6, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
        5, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0, 4, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 0, 2, 0, 1, 0,
    };

    private readonly ReadOnlySpan<byte> _json;
    private int _pos;
    private bool _started;
    private JsonTokenType _token;
    private int _tokenStart;
    private int _valueStart;
    private int _valueLength;
    private bool _escaped;
    private int _depth;
    private ulong _objects; // bit d: the container at depth d + 1 is an object
    private char[]? _chars;

    public JsonCursor(ReadOnlySpan<byte> json)
    {
        _json = json;
        _pos = 0;
        _started = false;
        _token = JsonTokenType.None;
        _tokenStart = 0;
        _valueStart = 0;
        _valueLength = 0;
        _escaped = false;
        _depth = 0;
        _objects = 0;
        _chars = null;
    }

    public JsonTokenType TokenType => _token;
    /// <summary>Where the current token starts (a string's opening quote), from the start of the body.</summary>
    public int TokenStart => _tokenStart;
    /// <summary>Bytes of the body read so far: to the end of the current token (a property name's colon).</summary>
    public int BytesConsumed => _pos;
    /// <summary>A string's or property name's bytes between the quotes, as written; a number's text.</summary>
    public ReadOnlySpan<byte> ValueSpan => _json.Slice(_valueStart, _valueLength);
    public bool ValueIsEscaped => _escaped;

    /// <summary>Moves to the next token; false once the value is complete and only whitespace follows.</summary>
    [MethodImpl(Hot)]
    public bool Read()
    {
        int i = SkipWhitespace(_pos);
        if (!_started)
        {
            if (i >= _json.Length)
            {
                throw Invalid(i, "the body holds no JSON value");
            }
            _started = true;
            ReadValue(i);
            return true;
        }
        if (_depth == 0)
        {
            _pos = i;
            if (i < _json.Length)
            {
                throw Invalid(i, "something follows the JSON value");
            }
            return false;
        }
        if (i >= _json.Length)
        {
            throw Invalid(i, "the JSON ends inside an object or array");
        }
        bool inObject = ((_objects >> (_depth - 1)) & 1) != 0;
        byte b = _json[i];
        switch (_token)
        {
            case JsonTokenType.PropertyName:
                ReadValue(i);
                return true;
            case JsonTokenType.StartObject:
                if (b == (byte)'}')
                {
                    Close(i, JsonTokenType.EndObject);
                }
                else
                {
                    ReadPropertyName(i);
                }
                return true;
            case JsonTokenType.StartArray:
                if (b == (byte)']')
                {
                    Close(i, JsonTokenType.EndArray);
                }
                else
                {
                    ReadValue(i);
                }
                return true;
        }
        // After a value: a comma and the next member, or the container's end.
        if (b == (inObject ? (byte)'}' : (byte)']'))
        {
            Close(i, inObject ? JsonTokenType.EndObject : JsonTokenType.EndArray);
            return true;
        }
        if (b != (byte)',')
        {
            throw Invalid(i, inObject ? "expected ',' or '}' after a property's value" : "expected ',' or ']' after an array element");
        }
        i = SkipWhitespace(i + 1);
        if (i >= _json.Length)
        {
            throw Invalid(i, "the JSON ends after a comma");
        }
        if (inObject)
        {
            ReadPropertyName(i);
        }
        else
        {
            ReadValue(i);
        }
        return true;
    }

    /// <summary>
    /// On a property name, passes over its value; on the start of an object or array, moves to its
    /// end; otherwise stays (as <see cref="Utf8JsonReader.Skip"/>). What it passes over is validated.
    /// </summary>
    [MethodImpl(Hot)]
    public void Skip()
    {
        if (_token == JsonTokenType.PropertyName)
        {
            Read();
        }
        if (_token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            int outside = _depth - 1;
            while (_depth > outside)
            {
                Read();
            }
        }
    }

    /// <summary>
    /// On a property name whose value is a string: moves onto that string without checking what
    /// its escapes stand for, and returns true; otherwise returns false and stays. A webhook
    /// delivery's payload is a whole event escaped into a string, read only when asked for (and
    /// checked then); passing over it is most of what reading a page costs. Control characters are
    /// still refused, and the document's structure is still checked.
    /// </summary>
    [MethodImpl(Hot)]
    public bool TrySkipStringValue()
    {
        int i = SkipWhitespace(_pos);
        if (_token != JsonTokenType.PropertyName || i >= _json.Length || _json[i] != (byte)'"')
        {
            return false;
        }
        var json = _json;
        int j = i + 1;
        while (true)
        {
            j = FindQuoteOrControl(json, j);
            if (j >= json.Length)
            {
                throw Invalid(i, "a string is not closed");
            }
            if (json[j] != (byte)'"')
            {
                throw Invalid(j, "a string holds a control character");
            }
            // The quote ends the string unless an odd run of backslashes escapes it.
            int run = j;
            while (json[run - 1] == (byte)'\\')
            {
                run--;
            }
            if (((j - run) & 1) == 0)
            {
                break;
            }
            j++;
        }
        _token = JsonTokenType.String;
        _tokenStart = i;
        SetString(i, j, escaped: true); // escapes not looked for: decoding goes the escaped way, which reads any string
        return true;
    }

    /// <summary>
    /// The first quote or control character at or after <paramref name="j"/>; the length if none.
    /// A payload escaped as <c>\u0022</c> holds no quote until its end: it is passed over a vector at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindQuoteOrControl(ReadOnlySpan<byte> json, int j)
    {
        if (Vector.IsHardwareAccelerated)
        {
            var quote = new Vector<byte>((byte)'"');
            var space = new Vector<byte>(0x20);
            while (json.Length - j >= Vector<byte>.Count)
            {
                var v = MemoryMarshal.Read<Vector<byte>>(json.Slice(j));
                if (Vector.EqualsAny(v, quote) || Vector.LessThanAny(v, space))
                {
                    break;
                }
                j += Vector<byte>.Count;
            }
        }
        while (j < json.Length && json[j] is not (byte)'"' and >= 0x20)
        {
            j++;
        }
        return j;
    }

    /// <summary>Whether a string's or property name's unescaped value is <paramref name="text"/> (UTF-8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a chain of these names each property read
    public bool ValueTextEquals(ReadOnlySpan<byte> text)
    {
        RequireText();
        if (_escaped)
        {
            var reader = StringTokenReader();
            return reader.ValueTextEquals(text);
        }
        if (_valueLength != text.Length)
        {
            return false;
        }
        var value = _json.Slice(_valueStart, _valueLength);
        for (int k = 0; k < value.Length; k++)
        {
            if (value[k] != text[k])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A string's or property name's value; null for a JSON null.</summary>
    [MethodImpl(Hot)]
    public string? GetString()
    {
        if (_token == JsonTokenType.Null)
        {
            return null;
        }
        RequireText();
        var value = _json.Slice(_valueStart, _valueLength);
        if (!_escaped)
        {
            if (_chars is null || _chars.Length < value.Length)
            {
                _chars = new char[Math.Max(64, value.Length)];
            }
            var chars = _chars;
            int k = 0;
            for (; k < value.Length; k++)
            {
                byte b = value[k];
                if (b >= 0x80)
                {
                    break;
                }
                chars[k] = (char)b;
            }
            if (k == value.Length)
            {
                return new string(chars, 0, value.Length);
            }
        }
        var reader = StringTokenReader();
        return reader.GetString();
    }

    /// <summary>A number that is a whole <see cref="long"/>; false for a fraction, an exponent or one out of range.</summary>
    [MethodImpl(Hot)]
    public bool TryGetInt64(out long value)
    {
        if (_token != JsonTokenType.Number)
        {
            throw new InvalidOperationException($"Cannot get the value of a token type '{_token}' as a number.");
        }
        value = 0;
        var text = _json.Slice(_valueStart, _valueLength);
        bool negative = text[0] == (byte)'-';
        ulong magnitude = 0;
        for (int k = negative ? 1 : 0; k < text.Length; k++)
        {
            uint digit = (uint)(text[k] - '0');
            if (digit > 9 || magnitude > (ulong.MaxValue - digit) / 10)
            {
                return false; // a fraction or an exponent, or beyond any long
            }
            magnitude = magnitude * 10 + digit;
        }
        if (negative ? magnitude > (ulong)long.MaxValue + 1 : magnitude > long.MaxValue)
        {
            return false;
        }
        value = negative ? (long)(0 - magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>A string that is an ISO 8601 time, as <see cref="Utf8JsonReader.TryGetDateTimeOffset"/> reads it.</summary>
    [MethodImpl(Hot)]
    public bool TryGetDateTimeOffset(out DateTimeOffset value)
    {
        if (_token != JsonTokenType.String)
        {
            throw new InvalidOperationException($"Cannot get the value of a token type '{_token}' as a string.");
        }
        if (!_escaped && TryReadUtcSeconds(_json.Slice(_valueStart, _valueLength), out var utc))
        {
            value = new DateTimeOffset(utc);
            return true;
        }
        var reader = StringTokenReader();
        return reader.TryGetDateTimeOffset(out value);
    }

    [MethodImpl(Hot)]
    private void ReadValue(int i)
    {
        _tokenStart = i;
        switch (_json[i])
        {
            case (byte)'{':
                Open(i, JsonTokenType.StartObject);
                return;
            case (byte)'[':
                Open(i, JsonTokenType.StartArray);
                return;
            case (byte)'"':
                ReadStringAt(i);
                _token = JsonTokenType.String;
                return;
            case (byte)'t':
                ReadLiteral(i, "true"u8, JsonTokenType.True);
                return;
            case (byte)'f':
                ReadLiteral(i, "false"u8, JsonTokenType.False);
                return;
            case (byte)'n':
                ReadLiteral(i, "null"u8, JsonTokenType.Null);
                return;
            default:
                ReadNumber(i);
                return;
        }
    }

    [MethodImpl(Hot)]
    private void ReadPropertyName(int i)
    {
        if (_json[i] != (byte)'"')
        {
            throw Invalid(i, "expected a property name in quotes");
        }
        _tokenStart = i;
        ReadStringAt(i);
        int colon = SkipWhitespace(_pos);
        if (colon >= _json.Length || _json[colon] != (byte)':')
        {
            throw Invalid(colon, "expected ':' after a property name");
        }
        _pos = colon + 1;
        _token = JsonTokenType.PropertyName;
    }

    /// <summary>A string whose opening quote is at <paramref name="i"/>: its escapes are checked, its control characters refused.</summary>
    [MethodImpl(Hot)]
    private void ReadStringAt(int i)
    {
        var json = _json;
        int j = FindStringStop(json, i + 1);
        if (j >= json.Length)
        {
            throw Invalid(i, "a string is not closed");
        }
        bool escaped = json[j] != (byte)'"';
        if (escaped)
        {
            if (json[j] != (byte)'\\')
            {
                throw Invalid(j, "a string holds a control character");
            }
            j = EndOfEscapedString(json, i, j);
        }
        SetString(i, j, escaped);
    }

    /// <summary>The current token's value is the string between the quotes at <paramref name="open"/> and <paramref name="close"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SetString(int open, int close, bool escaped)
    {
        _valueStart = open + 1;
        _valueLength = close - open - 1;
        _escaped = escaped;
        _pos = close + 1;
    }

    /// <summary>
    /// The closing quote of the string opened at <paramref name="open"/>, from <paramref name="j"/>,
    /// where a backslash starts its first escape. Eight bytes a step, without a branch per escape:
    /// a webhook payload is a whole event escaped into a string, a <c>\"</c> every few bytes.
    /// </summary>
    [MethodImpl(Hot)]
    private static int EndOfEscapedString(ReadOnlySpan<byte> json, int open, int j)
    {
        uint carry = 0;
        while (json.Length - j >= sizeof(ulong))
        {
            ulong x = MemoryMarshal.Read<ulong>(json.Slice(j));
            uint quotes = ByteMask(ZeroBytes(x ^ (Ones * '"')));
            uint backslashes = ByteMask(ZeroBytes(x ^ (Ones * '\\')));
            uint controls = ByteMask(ZeroBytes(x & (Ones * 0xE0)));
            uint escaped = EscapedBytes(backslashes, ref carry);
            uint stops = (quotes & ~escaped) | controls;
            uint before = stops == 0 ? 0xFFu : (stops & (0u - stops)) - 1;
            // \" and \\ need nothing more; any other escaped byte is checked on its own.
            for (uint other = escaped & ~(quotes | backslashes) & before; other != 0; other &= other - 1)
            {
                CheckEscape(json, j + TrailingZeros[(int)other]);
            }
            if (stops != 0)
            {
                int end = j + TrailingZeros[(int)stops];
                if (json[end] != (byte)'"')
                {
                    throw Invalid(end, "a string holds a control character");
                }
                return end;
            }
            j += sizeof(ulong);
        }
        for (; j < json.Length; j++)
        {
            byte b = json[j];
            if (carry != 0)
            {
                carry = 0;
                if (b >= 0x20)
                {
                    CheckEscape(json, j);
                    continue;
                }
            }
            if (b == (byte)'"')
            {
                return j;
            }
            if (b < 0x20)
            {
                throw Invalid(j, "a string holds a control character");
            }
            carry = b == (byte)'\\' ? 1u : 0u;
        }
        throw Invalid(open, "a string is not closed");
    }

    /// <summary>
    /// The bytes of an eight-byte word that a backslash escapes, from the word's backslashes and
    /// whether its first byte is escaped (<paramref name="carry"/>, updated for the next word): in a
    /// run of backslashes each escapes the next, so a run's parity decides the byte after it.
    /// </summary>
    /// <remarks>The branch-free form of simdjson's escape scanner, on eight bits.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint EscapedBytes(uint backslashes, ref uint carry)
    {
        const uint OddBits = 0xAA;
        uint potential = backslashes & ~carry;
        uint escapeAndTerminal = (((potential << 1) | OddBits) - potential) ^ OddBits;
        uint escaped = (escapeAndTerminal ^ (backslashes | carry)) & 0xFF;
        carry = ((escapeAndTerminal & backslashes) >> 7) & 1;
        return escaped;
    }

    /// <summary>The byte at <paramref name="k"/> follows a backslash: one of <c>" \ / b f n r t</c>, or <c>u</c> and four hexadecimal digits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckEscape(ReadOnlySpan<byte> json, int k)
    {
        var kind = EscapeKind;
        byte what = kind[json[k]];
        if ((what & 1) != 0 || (what == 2 && k + 4 < json.Length && (kind[json[k + 1]] & kind[json[k + 2]] & kind[json[k + 3]] & kind[json[k + 4]] & 4) != 0))
        {
            return;
        }
        throw Invalid(k - 1, "a string holds an invalid escape");
    }

    /// <summary>The high bit of every byte of <paramref name="x"/> that is zero, exactly (no borrow between bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ZeroBytes(ulong x) => ~(((x & ~Highs) + ~Highs) | x) & Highs;

    /// <summary>The high bits of <paramref name="flags"/>' bytes, as bits 0 to 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ByteMask(ulong flags) => (uint)(((flags >> 7) * 0x0102040810204080UL) >> 56);

    /// <summary>
    /// The first quote, backslash or control character at or after <paramref name="j"/>; the
    /// length if none. Eight bytes at a time: most strings are short, and a loop that branches on
    /// every byte lost more to mispredicted exits than it spent reading.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FindStringStop(ReadOnlySpan<byte> json, int j)
    {
        while (json.Length - j >= sizeof(ulong))
        {
            ulong x = MemoryMarshal.Read<ulong>(json.Slice(j));
            ulong quote = x ^ (Ones * '"'), backslash = x ^ (Ones * '\\');
            // A byte's high bit is set where it is zero, or below 0x20; the lowest is exact (the
            // flags above it may be borrows), and the lowest is all that is read. Little-endian.
            // Cheaper than the exact masks EndOfEscapedString needs (measured: this runs on every
            // string, and those masks made reading a page about a tenth slower).
            ulong found = (((quote - Ones) & ~quote) | ((backslash - Ones) & ~backslash) | ((x - Ones * 0x20) & ~x)) & Highs;
            if (found != 0)
            {
                ulong below = (found & (0 - found)) - 1;
                return j + (int)(((below & Ones) * Ones) >> 56) - 1;
            }
            j += sizeof(ulong);
        }
        var stop = StringStop;
        while (j < json.Length && stop[json[j]] == 0)
        {
            j++;
        }
        return j;
    }

    [MethodImpl(Hot)]
    private void ReadNumber(int i)
    {
        var json = _json;
        int j = i;
        if (json[j] == (byte)'-')
        {
            j++;
        }
        if (j >= json.Length || !IsDigit(json[j]))
        {
            throw Invalid(i, "expected a value");
        }
        if (json[j] == (byte)'0')
        {
            j++;
        }
        else
        {
            while (j < json.Length && IsDigit(json[j]))
            {
                j++;
            }
        }
        if (j < json.Length && json[j] == (byte)'.')
        {
            j = Digits(j + 1, i);
        }
        if (j < json.Length && json[j] is (byte)'e' or (byte)'E')
        {
            j++;
            if (j < json.Length && json[j] is (byte)'+' or (byte)'-')
            {
                j++;
            }
            j = Digits(j, i);
        }
        if (j < json.Length && json[j] is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)',' or (byte)'}' or (byte)']'))
        {
            throw Invalid(j, "a number is followed by something that cannot follow it");
        }
        _token = JsonTokenType.Number;
        _valueStart = i;
        _valueLength = j - i;
        _escaped = false;
        _pos = j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Digits(int j, int number)
    {
        int first = j;
        while (j < _json.Length && IsDigit(_json[j]))
        {
            j++;
        }
        if (j == first)
        {
            throw Invalid(number, "a number's fraction or exponent has no digits");
        }
        return j;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ReadLiteral(int i, ReadOnlySpan<byte> literal, JsonTokenType token)
    {
        if (i + literal.Length > _json.Length)
        {
            throw Invalid(i, "expected a value");
        }
        for (int k = 1; k < literal.Length; k++)
        {
            if (_json[i + k] != literal[k])
            {
                throw Invalid(i, "expected a value");
            }
        }
        _token = token;
        _valueStart = i;
        _valueLength = literal.Length;
        _escaped = false;
        _pos = i + literal.Length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Open(int i, JsonTokenType token)
    {
        if (_depth >= MaxDepth)
        {
            throw Invalid(i, $"the JSON is nested more than {MaxDepth} levels deep");
        }
        if (token == JsonTokenType.StartObject)
        {
            _objects |= 1UL << _depth;
        }
        else
        {
            _objects &= ~(1UL << _depth);
        }
        _depth++;
        _token = token;
        _escaped = false;
        _pos = i + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Close(int i, JsonTokenType token)
    {
        _depth--;
        _token = token;
        _escaped = false;
        _tokenStart = i;
        _pos = i + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SkipWhitespace(int i)
    {
        while (i < _json.Length && _json[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RequireText()
    {
        if (_token is not (JsonTokenType.String or JsonTokenType.PropertyName))
        {
            throw new InvalidOperationException($"Cannot get the value of a token type '{_token}' as a string.");
        }
    }

    /// <summary>The reader's own reading of the current string, for the rare value this type does not decode itself.</summary>
    private Utf8JsonReader StringTokenReader()
    {
        var reader = new Utf8JsonReader(_json.Slice(_tokenStart, _valueStart + _valueLength + 1 - _tokenStart));
        reader.Read();
        return reader;
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss</c> then <c>Z</c> or <c>+00:00</c>, the forms Omise writes, when it
    /// names a real instant; anything else is left to the reader.
    /// </summary>
    [MethodImpl(Hot)]
    private static bool TryReadUtcSeconds(ReadOnlySpan<byte> s, out DateTime utc)
    {
        utc = default;
        bool zulu = s.Length == 20 && s[19] == (byte)'Z';
        bool zero = s.Length == 25 && s[19] == (byte)'+' && s[20] == (byte)'0' && s[21] == (byte)'0' && s[22] == (byte)':' && s[23] == (byte)'0' && s[24] == (byte)'0';
        if (!(zulu || zero) || s[4] != (byte)'-' || s[7] != (byte)'-' || s[10] != (byte)'T' || s[13] != (byte)':' || s[16] != (byte)':')
        {
            return false;
        }
        int year = Number(s, 0, 4), month = Number(s, 5, 2), day = Number(s, 8, 2);
        int hour = Number(s, 11, 2), minute = Number(s, 14, 2), second = Number(s, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || (uint)hour > 23 || (uint)minute > 59 || (uint)second > 59)
        {
            return false; // not digits (Number gave -1), or not a time: the reader decides
        }
        utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Number(ReadOnlySpan<byte> s, int start, int length)
    {
        int n = 0;
        for (int k = start; k < start + length; k++)
        {
            uint digit = (uint)(s[k] - '0');
            if (digit > 9)
            {
                return -1;
            }
            n = n * 10 + (int)digit;
        }
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static JsonException Invalid(int at, string problem) => new($"{problem} (byte {at}).");
}
