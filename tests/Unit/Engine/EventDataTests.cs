using System;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// An event's Data: its fields are properties to scripts, views and ConvertTo-Json; its text (an Export-Csv cell) is the server's JSON, compact and in ASCII, so no file encoding loses any of it.
/// </summary>
public sealed class EventDataTests : EngineTest
{
    public EventDataTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    private const string Thai = "ชำระค่าสินค้า ร้านกาแฟ";
    private const string Japanese = "山田 太郎 様のご注文";
    private const string FourByte = "🧾 𠮷";

    private OmiseEmulator.StoredEvent ACharge() =>
        Server.TestLog.Visible().First(e => e.IsModernShape && e.DataObject == "charge" && Encoding.UTF8.GetString(e.Json).Contains("\"metadata\":{\"order_id\"", StringComparison.Ordinal));

    /// <summary>Answers the event's own request with its JSON, its description and a metadata field in other scripts.</summary>
    private void ServeWithText(OmiseEmulator.StoredEvent stored)
    {
        var json = JsonNode.Parse(stored.Json)!;
        json["data"]!["description"] = Thai + " / " + Japanese;
        json["data"]!["metadata"]!["note"] = FourByte + " \"quoted\" \\ tab\t";
        string body = json.ToJsonString();
        Server.Intercept = async context =>
        {
            if (context.Request.Path != "/events/" + stored.Id)
            {
                return false;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
            return true;
        };
    }

    [Fact]
    public void Data_fields_are_properties_to_scripts_and_filters()
    {
        var stored = ACharge();
        using var truth = JsonDocument.Parse(stored.Json);
        var data = truth.RootElement.GetProperty("data");

        var result = Ps.Run("""
            $e = Get-OmiseEvent -Id $args[0]
            $e.Data.amount; $e.Data.metadata.order_id; $e.Data.card.last_digits
            @($e | Where-Object { $_.Data.metadata.order_id }).Count
            @($e | Where-Object { $_.Data.metadata.no_such_field }).Count
            @($e.Data.Keys) -join ','
            ($e.Data | Format-List | Out-String -Width 4000) -match ('^\s*\{"object":"charge".*"order_id":"' + $e.Data.metadata.order_id)
            $e.Data.amount = 1; $e.Data.amount
            """, stored.Id);

        result.AssertClean();
        var expected = new object[] { data.GetProperty("amount").GetInt64(), data.GetProperty("metadata").GetProperty("order_id").GetString()!,
            data.GetProperty("card").GetProperty("last_digits").GetString()!, 1, 0,
            string.Join(",", data.EnumerateObject().Select(p => p.Name)), true, 1 };
        Assert.Equal(expected.Select(o => $"{o} ({o.GetType().Name})"), result.Output.Select(o => $"{o.BaseObject} ({o.BaseObject.GetType().Name})"));
    }

    [Fact]
    public void Data_fields_read_the_same_in_runspaces_without_the_module_after_this_one_read_them()
    {
        // The same names read here first: PowerShell caches how a member of a type is found, and a
        // way that holds only where the module's types are loaded answered null in the others.
        var stored = ACharge();
        using var truth = JsonDocument.Parse(stored.Json);
        var data = truth.RootElement.GetProperty("data");

        var result = Ps.Run("""
            $e = Get-OmiseEvent -Id $args[0]
            $e.Data.amount; $e.Data.metadata.order_id
            $e | ForEach-Object -Parallel {
                $_.Data.amount; $_.Data.metadata.order_id; $_.Data['amount']; ($_ | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Data.amount
            }
            """, stored.Id);

        result.AssertClean();
        long amount = data.GetProperty("amount").GetInt64();
        string order = data.GetProperty("metadata").GetProperty("order_id").GetString()!;
        Assert.Equal(new object[] { amount, order, amount, order, amount, amount }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void ConvertTo_Json_writes_data_as_the_server_sent_it()
    {
        var stored = ACharge();
        ServeWithText(stored);

        var result = Ps.Run("Get-OmiseEvent -Id $args[0] | ConvertTo-Json -Depth 10", stored.Id);

        result.AssertClean();
        using var written = JsonDocument.Parse((string)result.Output.Single().BaseObject);
        var raw = JsonNode.Parse(stored.Json)!;
        raw["data"]!["description"] = Thai + " / " + Japanese;
        raw["data"]!["metadata"]!["note"] = FourByte + " \"quoted\" \\ tab\t";
        using var sent = JsonDocument.Parse(raw["data"]!.ToJsonString());
        Assert.True(JsonElement.DeepEquals(sent.RootElement, written.RootElement.GetProperty("Data")));
    }

    [Theory]
    [InlineData("ascii")]
    [InlineData("utf8")]
    [InlineData("unicode")]
    public void A_csv_in_any_encoding_gives_back_the_exact_text(string encoding)
    {
        var stored = ACharge();
        ServeWithText(stored);

        var result = Ps.Run($$"""
            $path = [IO.Path]::GetTempFileName()
            try {
                Get-OmiseEvent -Id $args[0] | Export-Csv -LiteralPath $path -Encoding {{encoding}}
                [IO.File]::ReadAllBytes($path) -gt 127 | Measure-Object | ForEach-Object Count
                $row = Import-Csv -LiteralPath $path -Encoding {{encoding}}
                $data = $row.Data | ConvertFrom-Json
                $data.description; $data.metadata.note; $row.Data
            } finally { Remove-Item -LiteralPath $path }
            """, stored.Id);

        result.AssertClean();
        if (encoding == "ascii")
        {
            Assert.Equal(0, result.Output[0].BaseObject);
        }
        Assert.Equal(Thai + " / " + Japanese, result.Output[1].BaseObject);
        Assert.Equal(FourByte + " \"quoted\" \\ tab\t", result.Output[2].BaseObject);
        string cell = (string)result.Output[3].BaseObject;
        Assert.DoesNotContain(cell, c => c > 0x7E);
        Assert.Contains("\\ud83e\\uddfe", cell, StringComparison.OrdinalIgnoreCase);
    }
}
