using System;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using OmiseEvents.Json;
using Xunit;

namespace OmiseEvents.Tests.Services;

/// <summary>
/// Delivery payloads are whole events escaped into strings, the longest and most escaped values a
/// page holds: generated payloads of every awkward kind, escaped as real writers escape them, must
/// read back exactly and leave the rest of the page read as <see cref="JsonDocument"/> reads it.
/// </summary>
public sealed class PayloadSkipTests
{
    private static readonly string[] Pieces =
    {
        "\"", "\\", "\\\"", "\"\\", "/", "\n", "\r\n", "\t", "\u0001", "\u001f", "é", "ค่า", "😀", "\u2028", "{\"id\":\"evnt_1\"}", "a", "  ", "\\u0041", "\0",
    };

    private static string RandomPayload(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => Pieces[random.Next(Pieces.Length)]));

    private static byte[] Page(string[] payloads, JavaScriptEncoder encoder, bool indented)
    {
        using var buffer = new MemoryStream();
        // Indented: whitespace after every colon and between tokens, as some servers write it.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder, Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WritePropertyName("data");
            w.WriteStartArray();
            for (int i = 0; i < payloads.Length; i++)
            {
                w.WriteStartObject();
                w.WriteString("object", "event");
                w.WriteString("id", $"evnt_test_{i}");
                w.WriteString("key", "charge.create");
                w.WritePropertyName("webhook_deliveries");
                w.WriteStartArray();
                w.WriteStartObject();
                w.WriteString("id", $"whdl_{i}");
                w.WriteString("payload", payloads[i]);
                w.WriteNumber("status", 200 + i % 300);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteString("created_at", "2024-01-01T00:00:00Z");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("total", payloads.Length);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Generated_payloads_leave_the_page_read_as_written(int seed, bool indented)
    {
        var random = new Random(seed);
        foreach (var encoder in new[] { JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        {
            var payloads = Enumerable.Range(0, 300).Select(_ => RandomPayload(random)).ToArray();
            byte[] json = Page(payloads, encoder, indented);
            using var truth = JsonDocument.Parse(json);

            var page = EventReader.ReadPage(json);

            Assert.Equal(payloads.Length, page.Events.Count);
            for (int i = 0; i < payloads.Length; i++)
            {
                var e = page.Events[i];
                Assert.Equal($"evnt_test_{i}", e.Id);
                Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), e.Created);
                Assert.Equal(truth.RootElement.GetProperty("data")[i].GetRawText(), e.GetRawJson());
                var delivery = Assert.Single(e.WebhookDeliveries);
                Assert.Equal(200 + i % 300, delivery.Status);
                Assert.Equal(payloads[i], delivery.Payload);
            }
        }
    }
}
