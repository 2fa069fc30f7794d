using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using OmiseEvents.Json;
using Xunit;

namespace OmiseEvents.Tests.Services;

/// <summary>
/// The page tokeniser against <see cref="Utf8JsonReader"/>, whose answers it must give: for every
/// document, valid or broken, both accept it or both refuse it, and where they accept they give the
/// same tokens at the same offsets with the same values, skipping where told to skip.
/// </summary>
public sealed class JsonCursorTests
{
    [Theory]
    [InlineData("""{"a":1}""")]
    [InlineData(""" { "a" : [ 1 , -2.5e+3 , true , false , null , "x" , { } , [ ] ] } """)]
    [InlineData("\"caf\u00e9 \\u00e9 \\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551616")]
    [InlineData("1.0")]
    [InlineData("1E5")]
    [InlineData("\"\u007f\"")]
    [InlineData("[\"2019-12-31T12:59:59Z\", \"2019-02-29T00:00:00Z\", \"2020-02-29T00:00:00Z\", \"0001-01-01T00:00:00Z\", \"2019-12-31T24:00:00Z\", \"2019-12-31T12:59:60Z\", \"2019-12-31T12:59:59+07:00\", \"2019-12-31T12:59:59+00:00\", \"2019-12-31T23:59:59+00:00\", \"2019-13-31T12:59:59+00:00\", \"2019-12-31T12:59:59.123Z\", \"2019-12-31\", \"2019-12-31T12:59:59\", \"2019-12-31t12:59:59z\"]")]
    public void Valid_documents_read_as_the_reader_reads_them(string json) => AssertSameReading(Encoding.UTF8.GetBytes(json), skipEvery: 0, expectValid: true);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\"")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("[,1]")]
    [InlineData("{,}")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\":1 \"b\":2}")]
    [InlineData("{a:1}")]
    [InlineData("{'a':1}")]
    [InlineData("[1 2]")]
    [InlineData("[1}")]
    [InlineData("{\"a\":1]")]
    [InlineData("}")]
    [InlineData("-")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("+1")]
    [InlineData("1x")]
    [InlineData("tru")]
    [InlineData("truex")]
    [InlineData("nul")]
    [InlineData("True")]
    [InlineData("\"abc")]
    [InlineData("\"a\\\"")]
    [InlineData("\"\\x\"")]
    [InlineData("\"\\u00\"")]
    [InlineData("\"\\u00G0\"")]
    [InlineData("\"tab\there\"")]
    [InlineData("{} {}")]
    [InlineData("1 2")]
    [InlineData("[1] x")]
    [InlineData("/* c */ 1")]
    [InlineData("[1] // c")]
    [InlineData("\ufeff{}")]
    [InlineData("NaN")]
    public void Broken_documents_are_refused_as_the_reader_refuses_them(string json) => AssertSameReading(Encoding.UTF8.GetBytes(json), skipEvery: 0, expectValid: false);

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void Nesting_is_refused_beyond_the_readers_limit(int depth, bool valid)
    {
        string json = string.Concat(Enumerable.Repeat("[{\"a\":", depth / 2)) + (depth % 2 == 1 ? "[]" : "0") + string.Concat(Enumerable.Repeat("}]", depth / 2));
        AssertSameReading(Encoding.UTF8.GetBytes(json), skipEvery: 0, expectValid: valid);
    }

    [Fact]
    public void A_value_the_reader_cannot_decode_is_the_same_error_from_both()
    {
        // A lone surrogate reads as a token; decoding it to a string fails, alike.
        AssertSameReading(Encoding.UTF8.GetBytes("[\"\\ud800\", 1]"), skipEvery: 0, expectValid: false);
    }

    [Fact]
    public void Raw_bytes_that_are_not_utf8_are_read_or_refused_as_the_reader_does()
    {
        foreach (byte[] json in new[]
        {
            new byte[] { (byte)'"', 0xFF, (byte)'"' },
            new byte[] { (byte)'"', 0xC3, (byte)'"' },
            new byte[] { (byte)'"', 0xED, 0xA0, 0x80, (byte)'"' },
            new byte[] { (byte)'{', (byte)'"', 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}' },
        })
        {
            AssertSameReading(json, skipEvery: 0, expectValid: null);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Generated_documents_and_their_breakages_read_as_the_reader_reads_them(int seed)
    {
        var random = new Random(seed);
        int valid = 0, refused = 0;
        for (int n = 0; n < 400; n++)
        {
            var text = new StringBuilder();
            WriteValue(random, text, depth: 0);
            byte[] json = Encoding.UTF8.GetBytes(text.ToString());
            int skipEvery = random.Next(0, 4);
            AssertSameReading(json, skipEvery, expectValid: true);
            valid++;

            for (int m = 0; m < 5; m++)
            {
                byte[] broken = Break(random, json);
                if (AssertSameReading(broken, skipEvery, expectValid: null))
                {
                    valid++;
                }
                else
                {
                    refused++;
                }
            }
        }
        // Both kinds were exercised, not only one.
        Assert.True(refused > 1000, $"{refused} broken documents refused");
        Assert.True(valid > 400, $"{valid} documents read");
    }

    [Fact]
    public void Escaped_bytes_of_a_word_are_those_a_backslash_before_them_escapes_for_every_word_and_carry()
    {
        // Every eight-byte pattern of backslashes, entered escaped or not: the branch-free masks
        // against reading the bytes one by one.
        for (uint carryIn = 0; carryIn <= 1; carryIn++)
        {
            for (uint backslashes = 0; backslashes < 256; backslashes++)
            {
                uint expected = 0, expectedCarry = carryIn;
                for (int k = 0; k < 8; k++)
                {
                    if (expectedCarry == 1)
                    {
                        expected |= 1u << k;
                        expectedCarry = 0;
                    }
                    else if ((backslashes & (1u << k)) != 0)
                    {
                        expectedCarry = 1;
                    }
                }
                uint carry = carryIn;
                Assert.Equal(expected, JsonCursor.EscapedBytes(backslashes, ref carry));
                Assert.Equal(expectedCarry, carry);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Long_escaped_strings_with_runs_of_backslashes_across_words_read_as_the_reader_reads_them(int seed)
    {
        var random = new Random(seed);
        string[] pieces = { "\\\\", "\\\"", "\\", "\\n", "\\u00e9", "\\uD83D\\uDE00", "\\/", "a", "bc", "defghij", "\u00e9", " ", "\\t" };
        for (int n = 0; n < 2000; n++)
        {
            string content = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            string json = "[\"" + content + "\", \"" + content + "\"]";
            AssertSameReading(Encoding.UTF8.GetBytes(json), skipEvery: 0, expectValid: null);
            // Broken near the end of a word or of the string: a quote or backslash removed, a raw control character.
            var bytes = Encoding.UTF8.GetBytes(json).ToList();
            int at = random.Next(2, bytes.Count - 1);
            if (random.Next(2) == 0)
            {
                bytes.RemoveAt(at);
            }
            else
            {
                bytes.Insert(at, random.Next(2) == 0 ? (byte)0x01 : (byte)'\\');
            }
            AssertSameReading(bytes.ToArray(), skipEvery: 0, expectValid: null);
        }
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"plain text, long enough to span more than one vector of bytes at a time\"")]
    [InlineData("\"{\\u0022id\\u0022:\\u0022evnt_1\\u0022}\"")]
    [InlineData("\"{\\\"id\\\":\\\"evnt_1\\\"}\"")]
    [InlineData("\"ends in an escaped backslash \\\\\"")]
    [InlineData("\"\\\\\\\"\\\\\"")]
    [InlineData("\"caf\u00e9 \\ud83d\\ude00\"")]
    public void A_payload_passed_over_ends_where_the_reader_ends_it(string value)
    {
        string json = "{\"payload\":" + value + ",\"after\":[1,\"x\"]}";
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        reader.Read();
        reader.Read();
        string expected = Encoding.UTF8.GetString(reader.ValueSpan.ToArray());

        var cursor = new JsonCursor(Encoding.UTF8.GetBytes(json));
        cursor.Read();
        cursor.Read();
        Assert.True(cursor.TrySkipStringValue());
        Assert.Equal(JsonTokenType.String, cursor.TokenType);
        Assert.Equal(expected, Encoding.UTF8.GetString(cursor.ValueSpan.ToArray()));
        Assert.Equal(reader.GetString(), cursor.GetString());
        var rest = new List<JsonTokenType>();
        while (cursor.Read())
        {
            rest.Add(cursor.TokenType);
        }
        Assert.Equal(new[] { JsonTokenType.PropertyName, JsonTokenType.StartArray, JsonTokenType.Number, JsonTokenType.String, JsonTokenType.EndArray, JsonTokenType.EndObject }, rest);
    }

    [Theory]
    [InlineData("{\"payload\":\"a\u0001b\"}")]
    [InlineData("{\"payload\":\"long enough to pass a vector before the tab\tthere\"}")]
    [InlineData("{\"payload\":\"never closed")]
    [InlineData("{\"payload\":\"closed only by an escaped quote \\\"}")]
    public void A_payload_passed_over_still_refuses_control_characters_and_a_missing_end(string json)
    {
        Assert.ThrowsAny<JsonException>(() =>
        {
            var cursor = new JsonCursor(Encoding.UTF8.GetBytes(json));
            cursor.Read();
            cursor.Read();
            cursor.TrySkipStringValue();
            while (cursor.Read())
            {
            }
        });
    }

    [Fact]
    public void Only_a_string_value_is_passed_over()
    {
        var cursor = new JsonCursor(Encoding.UTF8.GetBytes("{\"payload\": null}"));
        cursor.Read();
        cursor.Read();
        Assert.False(cursor.TrySkipStringValue());
        Assert.Equal(JsonTokenType.PropertyName, cursor.TokenType);
        Assert.True(cursor.Read());
        Assert.Equal(JsonTokenType.Null, cursor.TokenType);
    }

    /// <summary>Reads <paramref name="json"/> with both; asserts the same outcome and tokens; true when valid.</summary>
    private static bool AssertSameReading(byte[] json, int skipEvery, bool? expectValid)
    {
        var (expected, expectedError) = ReadWithReader(json, skipEvery);
        var (actual, actualError) = ReadWithCursor(json, skipEvery);
        string shown = Encoding.UTF8.GetString(json);
        Assert.True(expectedError is null == actualError is null,
            $"reader: {expectedError?.GetType().Name ?? "accepted"} {expectedError?.Message}; cursor: {actualError?.GetType().Name ?? "accepted"} {actualError?.Message}; json: {shown}");
        if (expectedError is not null)
        {
            // Invalid JSON is a JsonException from both (the request is tried again); a value the
            // reader cannot decode is the same exception type from both.
            Assert.Equal(expectedError.GetType(), actualError!.GetType());
        }
        int common = expectedError is null ? expected.Count : Math.Min(expected.Count, actual.Count);
        if (expectedError is null)
        {
            Assert.Equal(expected.Count, actual.Count);
        }
        for (int k = 0; k < common; k++)
        {
            Assert.True(expected[k] == actual[k], $"token {k}: reader {expected[k]}, cursor {actual[k]}; json: {shown}");
        }
        if (expectValid is bool valid)
        {
            Assert.True(valid == (expectedError is null), $"expected {(valid ? "valid" : "invalid")}: {shown} ({expectedError?.Message})");
        }
        return expectedError is null;
    }

    private static (List<string> Tokens, Exception? Error) ReadWithReader(byte[] json, int skipEvery)
    {
        var tokens = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(json);
            int n = 0;
            while (reader.Read())
            {
                tokens.Add(Describe(reader.TokenType, (int)reader.TokenStartIndex, reader.ValueSpan, reader.ValueIsEscaped,
                    reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? reader.GetString() : null,
                    reader.TokenType == JsonTokenType.Number ? (reader.TryGetInt64(out long l) ? l : null) : null,
                    reader.TokenType == JsonTokenType.String ? (reader.TryGetDateTimeOffset(out var t) ? t : null) : null,
                    reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueTextEquals("id"u8)));
                if (skipEvery > 0 && ++n % skipEvery == 0 && reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                    tokens.Add($"skipped to {reader.TokenType} at {reader.TokenStartIndex}, {reader.BytesConsumed}");
                }
            }
            return (tokens, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (tokens, e is JsonException ? new JsonException(e.Message) : e);
        }
    }

    private static (List<string> Tokens, Exception? Error) ReadWithCursor(byte[] json, int skipEvery)
    {
        var tokens = new List<string>();
        try
        {
            var cursor = new JsonCursor(json);
            int n = 0;
            while (cursor.Read())
            {
                tokens.Add(Describe(cursor.TokenType, cursor.TokenStart, cursor.ValueSpan, cursor.ValueIsEscaped,
                    cursor.TokenType is JsonTokenType.String or JsonTokenType.PropertyName ? cursor.GetString() : null,
                    cursor.TokenType == JsonTokenType.Number ? (cursor.TryGetInt64(out long l) ? l : null) : null,
                    cursor.TokenType == JsonTokenType.String ? (cursor.TryGetDateTimeOffset(out var t) ? t : null) : null,
                    cursor.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && cursor.ValueTextEquals("id"u8)));
                if (skipEvery > 0 && ++n % skipEvery == 0 && cursor.TokenType is JsonTokenType.PropertyName or JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    cursor.Skip();
                    tokens.Add($"skipped to {cursor.TokenType} at {cursor.TokenStart}, {cursor.BytesConsumed}");
                }
            }
            return (tokens, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (tokens, e);
        }
    }

    private static string Describe(JsonTokenType type, int start, ReadOnlySpan<byte> value, bool escaped, string? text, long? number, DateTimeOffset? time, bool isId)
    {
        // Containers' ends carry no value; a scalar's and a name's value is compared byte for byte.
        string raw = type is JsonTokenType.StartObject or JsonTokenType.EndObject or JsonTokenType.StartArray or JsonTokenType.EndArray
            ? "" : Convert.ToBase64String(value.ToArray());
        return $"{type} at {start} [{raw}] escaped={escaped} text={text ?? "-"} long={number?.ToString() ?? "-"} time={time?.ToString("o") ?? "-"} id={isId}";
    }

    private static readonly string[] Strings =
    {
        "", "id", "evnt_test_5fz", "charge.create", "caf\u00e9", "\u0e04\u0e48\u0e32", "\ud83d\ude00", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t", "\\u0041", "\\u00e9",
        "\\ud83d\\ude00", "a\\\"b", "{\\\"id\\\":\\\"evnt_1\\\"}", "2019-12-31T12:59:59Z", "2020-02-30T00:00:00Z", "2019-12-31T12:59:59+07:00",
        "2019-12-31T12:59:59+00:00", "2019-02-29T00:00:00+00:00", "2019-12-31T12:59:59-00:00", "2019-12-31T12:59:59+00:0x", "\u007f", "\\u0069\\u0064", "  spaced  ",
    };

    private static readonly string[] Numbers =
    {
        "0", "-0", "1", "-1", "42", "100000", "3.14", "-2.5e10", "1E-3", "1e+2", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "123456789012345678901234567890", "0.0", "10",
    };

    private static readonly string[] Spaces = { "", "", "", " ", "\n", "\r\n  ", "\t" };

    private static void WriteValue(Random random, StringBuilder text, int depth)
    {
        text.Append(Spaces[random.Next(Spaces.Length)]);
        int kind = depth >= 6 ? random.Next(2, 7) : random.Next(0, 7);
        switch (kind)
        {
            case 0:
            case 1:
                bool isObject = kind == 0;
                text.Append(isObject ? '{' : '[');
                int members = random.Next(0, 6);
                for (int m = 0; m < members; m++)
                {
                    if (m > 0)
                    {
                        text.Append(',');
                    }
                    if (isObject)
                    {
                        text.Append(Spaces[random.Next(Spaces.Length)]).Append('"').Append(Strings[random.Next(Strings.Length)]).Append('"')
                            .Append(Spaces[random.Next(Spaces.Length)]).Append(':');
                    }
                    WriteValue(random, text, depth + 1);
                }
                text.Append(Spaces[random.Next(Spaces.Length)]).Append(isObject ? '}' : ']');
                break;
            case 2:
            case 3:
                text.Append('"').Append(Strings[random.Next(Strings.Length)]).Append('"');
                break;
            case 4:
                text.Append(Numbers[random.Next(Numbers.Length)]);
                break;
            default:
                text.Append(new[] { "true", "false", "null" }[random.Next(3)]);
                break;
        }
        text.Append(Spaces[random.Next(Spaces.Length)]);
    }

    private static readonly byte[] Breakers = Encoding.UTF8.GetBytes("{}[]\",:\\ -+.e0x\u0001tn/");

    private static byte[] Break(Random random, byte[] json)
    {
        var bytes = json.ToList();
        int at = random.Next(0, bytes.Count + 1);
        switch (random.Next(4))
        {
            case 0:
                return bytes.Take(at).ToArray();
            case 1:
                if (at < bytes.Count)
                {
                    bytes.RemoveAt(at);
                }
                break;
            case 2:
                bytes.Insert(at, Breakers[random.Next(Breakers.Length)]);
                break;
            default:
                if (at < bytes.Count)
                {
                    bytes[at] = Breakers[random.Next(Breakers.Length)];
                }
                break;
        }
        return bytes.ToArray();
    }
}
