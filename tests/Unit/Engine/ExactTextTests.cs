using System;
using System.Linq;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Text reaches the pipeline exactly as the server sent it: Thai, Japanese and 4-byte characters,
/// raw and escaped, in the fields read as the page arrives, in Data, in a delivery's payload, and in
/// the event's raw JSON byte for byte.
/// </summary>
public sealed class ExactTextTests : EngineTest
{
    private const string Sent = """{"object":"event","id":"evnt_test_5txt","key":"charge.\u0063omplete","created_at":"2026-11-01T00:00:00Z","location":"\/events\/evnt_test_5txt","data":{"object":"charge","id":"chrg_test_5txt","status":"successful","description":"ค่าสินค้า \"พิเศษ\" 日本語の注文 \u0e01\u65e5 😀 \ud83d\ude00 a\\b\ttab","metadata":{"名前":"山田 \ud83c\udf63"}},"webhook_deliveries":[{"object":"webhook_delivery","id":"whdl_test_5txt","uri":"https:\/\/example.co.th\/ฮุก","status":200,"key":"charge.complete","error":null,"payload":"{\"description\":\"ค่าสินค้า 日本語 \\ud83d\\ude00 😀\",\"note\":\"a\\\\b \\\"q\\\"\"}","created_at":"2026-11-01 00:00:01 UTC"}]}""";

    public ExactTextTests(EmulatorFixture emulator) : base(emulator) =>
        Server.Intercept = async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync("""{"object":"list","data":[""" + Sent + """],"total":1,"offset":0,"limit":20}""");
            return true;
        };

    [Fact]
    public void Every_field_reads_as_the_text_sent_and_the_raw_json_is_the_servers()
    {
        var result = Ps.Run("""
            $e = Get-OmiseEvent
            $e.GetRawJson()
            Get-OmiseEvent -Raw
            $e.Key; $e.Location
            $e.Data.description
            $e.Data.metadata.'名前'
            $e.WebhookDeliveries[0].Uri
            $e.WebhookDeliveries[0].Payload
            """);

        result.AssertClean();
        using var sent = JsonDocument.Parse(Sent);
        var delivery = sent.RootElement.GetProperty("webhook_deliveries")[0];
        Assert.Equal(
            new object[]
            {
                Sent, Sent, "charge.complete", "/events/evnt_test_5txt",
                "ค่าสินค้า \"พิเศษ\" 日本語の注文 ก日 😀 😀 a\\b\ttab", "山田 🍣", "https://example.co.th/ฮุก",
                delivery.GetProperty("payload").GetString()!,
            },
            result.Output.Select(o => o.BaseObject));
        Assert.Equal("{\"description\":\"ค่าสินค้า 日本語 \\ud83d\\ude00 😀\",\"note\":\"a\\\\b \\\"q\\\"\"}", result.Output[^1].BaseObject);
    }
}
