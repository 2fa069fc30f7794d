using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OmiseEvents.Json;

/// <summary>
/// The text form of nested values (an Export-Csv cell): compact JSON in ASCII, every other character
/// written <c>\uXXXX</c>, so a file in any encoding (Windows PowerShell 5.1's Export-Csv writes
/// ASCII by default) keeps it exactly and ConvertFrom-Json reads it back.
/// </summary>
internal static class OmiseJson
{
    public static string Write(IEnumerable<WebhookDelivery> deliveries) => Write(w =>
    {
        w.WriteStartArray();
        foreach (var d in deliveries)
        {
            w.WriteStartObject();
            w.WriteString("id", d.Id);
            w.WriteString("uri", d.Uri);
            if (d.Status is int status) { w.WriteNumber("status", status); } else { w.WriteNull("status"); }
            w.WriteString("key", d.Key);
            w.WriteString("error", d.Error);
            if (d.Created is DateTime created) { w.WriteString("created_at", OmiseTime.Format(created)); } else { w.WriteNull("created_at"); }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>A JSON value, compact.</summary>
    public static string Compact(ReadOnlyMemory<byte> json) => Write(w =>
    {
        using var document = JsonDocument.Parse(json);
        document.RootElement.WriteTo(w);
    });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return AsciiOnly(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>
    /// Escapes what is not ASCII. Outside its strings JSON is ASCII, so every such character is in a
    /// string, where <c>\uXXXX</c> (a pair of them beyond the BMP) means that character.
    /// </summary>
    private static string AsciiOnly(string json)
    {
        int first = 0;
        while (first < json.Length && json[first] < 0x7F)
        {
            first++;
        }
        if (first == json.Length)
        {
            return json;
        }
        var text = new StringBuilder(json.Length + 64).Append(json, 0, first);
        for (int i = first; i < json.Length; i++)
        {
            char c = json[i];
            if (c < 0x7F)
            {
                text.Append(c);
            }
            else
            {
                text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }
}
