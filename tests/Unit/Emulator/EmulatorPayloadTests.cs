using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Emulator;

/// <summary>The emulator's delivery payloads look like Omise's: the event pretty-printed with 2-space indents, no deliveries, a trailing newline, UTF-8.</summary>
public sealed class EmulatorPayloadTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public EmulatorPayloadTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public void Every_delivery_payload_is_the_event_pretty_printed_as_Omise_sends_it()
    {
        var delivered = _emulator.Server.TestLog.Visible().Where(e => e.IsModernShape).Take(300).ToList();
        int payloads = 0;
        foreach (var e in delivered)
        {
            using var json = JsonDocument.Parse(e.Json);
            foreach (var d in json.RootElement.GetProperty("webhook_deliveries").EnumerateArray())
            {
                string payload = d.GetProperty("payload").GetString()!;
                Assert.Equal(e.Payload, Encoding.UTF8.GetBytes(payload));
                payloads++;
            }
            string text = Encoding.UTF8.GetString(e.Payload);
            Assert.StartsWith("{\n  \"object\": \"event\",\n  \"id\": \"" + e.Id + "\",\n", text, StringComparison.Ordinal);
            Assert.Contains("\n  \"webhook_deliveries\": [],\n", text, StringComparison.Ordinal);
            Assert.Contains("\n    \"object\": ", text, StringComparison.Ordinal);
            Assert.EndsWith("\n}\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
            // The same event as the API lists it, with no deliveries.
            using var parsed = JsonDocument.Parse(e.Payload);
            Assert.Equal(json.RootElement.EnumerateObject().Select(p => p.Name), parsed.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(json.RootElement.GetProperty("data").GetRawText(), JsonSerializer.Serialize(parsed.RootElement.GetProperty("data")));
        }
        Assert.True(payloads > 100, $"only {payloads} payloads");
    }

    [Fact]
    public void The_webhook_secret_is_base64_and_can_be_set()
    {
        Assert.NotEmpty(Convert.FromBase64String(_emulator.Server.Options.WebhookSecret));
        Assert.Equal("c2VjcmV0", new EmulatorOptions { WebhookSecret = "c2VjcmV0" }.WebhookSecret);
    }
}
