using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace OmiseEvents.Webhooks;

/// <summary>What Send-OmiseWebhook POSTs for an event: the bytes Omise sent, or the event as Omise would send it.</summary>
internal static class WebhookBody
{
    /// <summary>
    /// The payload of the event's last delivery that kept one, byte for byte (Omise keeps the exact
    /// body it sent); for an event never delivered, <see cref="AsDelivered"/>.
    /// </summary>
    public static byte[] For(Event e)
    {
        string? payload = e.WebhookDeliveries.Reverse().Select(d => d.Payload).FirstOrDefault(p => p is not null);
        return payload is null ? AsDelivered(e.GetRawJson()) : Encoding.UTF8.GetBytes(payload);
    }

    /// <summary>
    /// The event in the form of Omise's delivered payloads: pretty-printed with 2-space indents,
    /// <c>"webhook_deliveries": []</c> (where the event's API version has the field), a trailing
    /// newline, UTF-8. Numbers keep their text; strings are unescaped and re-escaped minimally.
    /// </summary>
    public static byte[] AsDelivered(string eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        using var buffer = new MemoryStream();
        var options = new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var w = new Utf8JsonWriter(buffer, options))
        {
            w.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("webhook_deliveries"))
                {
                    w.WriteStartArray(property.Name);
                    w.WriteEndArray();
                }
                else
                {
                    property.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
        // The writer ends lines as the OS does; Omise's payloads end them with \n. No JSON string holds a raw line break, so this touches only indentation.
        string text = Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n") + "\n";
        return Encoding.UTF8.GetBytes(text);
    }
}
