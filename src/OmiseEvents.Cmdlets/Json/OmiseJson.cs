using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace OmiseEvents.Json;

/// <summary>Compact JSON of what the module hands out, for the text form of nested values (an Export-Csv cell).</summary>
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
            if (d.Created is System.DateTime created) { w.WriteString("created_at", OmiseTime.Format(created)); } else { w.WriteNull("created_at"); }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>A PSObject tree as JSON: what the API sent, plus whatever a script has added since.</summary>
    public static string Write(PSObject value) => Write(w => WriteValue(w, value, depth: 0));

    private static string Write(System.Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter w, object? value, int depth)
    {
        object? bare = value is PSObject pso ? pso.BaseObject : value;
        switch (bare)
        {
            case null:
                w.WriteNullValue();
                break;
            case string s:
                w.WriteStringValue(s);
                break;
            case bool b:
                w.WriteBooleanValue(b);
                break;
            case long l:
                w.WriteNumberValue(l);
                break;
            case int i:
                w.WriteNumberValue(i);
                break;
            case double d when !double.IsNaN(d) && !double.IsInfinity(d):
                w.WriteNumberValue(d);
                break;
            case decimal m:
                w.WriteNumberValue(m);
                break;
            case System.DateTime t:
                w.WriteStringValue(OmiseTime.Format(t));
                break;
            case PSCustomObject when value is PSObject obj && depth < 64:
                w.WriteStartObject();
                foreach (var property in obj.Properties)
                {
                    w.WritePropertyName(property.Name);
                    WriteValue(w, property.Value, depth + 1);
                }
                w.WriteEndObject();
                break;
            case IEnumerable items when depth < 64:
                w.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(w, item, depth + 1);
                }
                w.WriteEndArray();
                break;
            default:
                w.WriteStringValue(System.Convert.ToString(bare, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
    }
}
