using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>What Export-Csv, ConvertTo-Json and the text forms see, through the real cmdlets.</summary>
public sealed class ExportShapeTests : EngineTest
{
    public ExportShapeTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    private static readonly string[] Columns =
    {
        "Created", "Id", "Key", "LiveMode", "Location", "DataObject", "DataId", "ChargeId", "DataStatus", "DataAmount",
        "DataCurrency", "Data", "WebhookDeliveryCount", "LastWebhookStatus", "WebhookDeliveriesKnown", "WebhookDeliveries", "TeamUid",
    };

    private static readonly string[] DeliveryColumns =
    {
        "Created", "EventCreated", "EventId", "EventKey", "Id", "Uri", "Status", "Key", "Error", "Succeeded",
    };

    /// <summary>The cells of <paramref name="e"/>'s row, written by Export-Csv in a session of <paramref name="culture"/> and read back by Import-Csv.</summary>
    private string[] CsvCells(PSObject e, string culture)
    {
        var result = Ps.Run($$"""
            $was = [cultureinfo]::CurrentCulture
            $path = [IO.Path]::GetTempFileName()
            try {
                [cultureinfo]::CurrentCulture = '{{culture}}'
                $args[0] | Export-Csv -LiteralPath $path
                (Import-Csv -LiteralPath $path).PSObject.Properties.Value
            } finally { [cultureinfo]::CurrentCulture = $was; Remove-Item -LiteralPath $path }
            """, e);
        result.AssertClean();
        return result.Output.Select(o => (string)o.BaseObject).ToArray();
    }

    private PSObject ModernChargeEvent()
    {
        var stored = Server.TestLog.Visible().First(e => e.IsModernShape && e.DataObject == "charge" && e.Json.Length > 3000);
        return Ps.Run("Get-OmiseEvent -Id $args[0]", stored.Id).Output.Single();
    }

    /// <summary>The deliveries of an event with one that got no answer, as the pipeline hands them on.</summary>
    private (OmiseEmulator.StoredEvent Event, IReadOnlyList<PSObject> Deliveries) DeliveriesWithANullStatus()
    {
        var stored = Server.TestLog.Visible().First(e => e.IsModernShape && System.Text.Encoding.UTF8.GetString(e.Json).Contains("\"status\":null,\"key\"", StringComparison.Ordinal));
        return (stored, Ps.Run("Get-OmiseEvent -Id $args[0] | ForEach-Object WebhookDeliveries", stored.Id).Output);
    }

    [Fact]
    public void Csv_columns_are_the_documented_set()
    {
        Assert.Equal(Columns, ModernChargeEvent().Properties.Select(p => p.Name));
    }

    [Theory]
    [InlineData("th-TH")]
    [InlineData("fa-IR")]
    [InlineData("ar-SA")]
    [InlineData("de-DE")]
    public void Csv_cells_are_the_same_in_every_culture_and_dates_are_iso_utc(string culture)
    {
        var e = ModernChargeEvent();
        var typed = (Event)e.BaseObject;

        var thai = CsvCells(e, culture);
        var us = CsvCells(e, "en-US");

        Assert.Equal(us, thai);
        Assert.Equal(IsoTime.Of(typed.Created), thai[0]);
        Assert.Equal(typed.Id, thai[1]);
        Assert.Equal(typed.DataAmount!.Value.ToString(CultureInfo.InvariantCulture), thai[9]);
    }

    [Fact]
    public void No_cell_is_a_type_name_and_nested_values_are_compact_json()
    {
        var e = ModernChargeEvent();
        var typed = (Event)e.BaseObject;

        var cells = CsvCells(e, "en-US");

        Assert.DoesNotContain(cells, c => c.StartsWith("System.", StringComparison.Ordinal) || c.StartsWith("OmiseEvents.", StringComparison.Ordinal)
            || c.StartsWith("@{", StringComparison.Ordinal) || c.Contains('\n'));
        using var data = JsonDocument.Parse(cells[Array.IndexOf(Columns, "Data")]);
        using var raw = JsonDocument.Parse(typed.GetRawJson());
        Assert.True(JsonElement.DeepEquals(raw.RootElement.GetProperty("data"), data.RootElement));
        using var deliveries = JsonDocument.Parse(cells[Array.IndexOf(Columns, "WebhookDeliveries")]);
        Assert.Equal(typed.WebhookDeliveryCount, deliveries.RootElement.GetArrayLength());
        Assert.Equal(typed.WebhookDeliveries.Select(d => d.Id), deliveries.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()));
    }

    [Fact]
    public void Delivery_csv_columns_are_the_documented_set_without_the_payload()
    {
        var (_, deliveries) = DeliveriesWithANullStatus();

        Assert.All(deliveries, d => Assert.Equal(DeliveryColumns, d.Properties.Select(p => p.Name)));
    }

    [Fact]
    public void Delivery_cells_are_the_same_in_every_culture_name_their_event_and_are_iso_utc()
    {
        var (stored, deliveries) = DeliveriesWithANullStatus();

        foreach (var d in deliveries)
        {
            var typed = (WebhookDelivery)d.BaseObject;
            var thai = CsvCells(d, "th-TH");

            Assert.Equal(CsvCells(d, "en-US"), thai);
            Assert.Equal(IsoTime.Of(typed.Created!.Value), thai[0]);
            Assert.Equal(IsoTime.Of(stored.Created), thai[Array.IndexOf(DeliveryColumns, "EventCreated")]);
            Assert.Equal(stored.Id, thai[Array.IndexOf(DeliveryColumns, "EventId")]);
            Assert.Equal(stored.Key, thai[Array.IndexOf(DeliveryColumns, "EventKey")]);
            Assert.Equal(typed.Id, thai[Array.IndexOf(DeliveryColumns, "Id")]);
            Assert.Equal(typed.Status?.ToString(CultureInfo.InvariantCulture) ?? "", thai[Array.IndexOf(DeliveryColumns, "Status")]);
            Assert.DoesNotContain(thai, c => c.StartsWith("System.", StringComparison.Ordinal) || c.StartsWith("OmiseEvents.", StringComparison.Ordinal)
                || c.StartsWith("@{", StringComparison.Ordinal) || c.StartsWith('{') || c.Contains('\n'));
        }
        Assert.Contains(deliveries, d => ((WebhookDelivery)d.BaseObject).Status is null);
    }

    [Fact]
    public void Every_value_is_a_scalar_or_one_of_the_two_json_texts()
    {
        var e = ModernChargeEvent();
        foreach (var p in e.Properties.Where(p => p.Name is not ("Data" or "WebhookDeliveries")))
        {
            object? value = p.Value is PSObject pso ? pso.BaseObject : p.Value;
            Assert.True(value is null or string or bool or int or long or UtcTime, $"{p.Name} is {value?.GetType()}");
        }
    }

    [Fact]
    public void Old_events_have_empty_delivery_cells_not_zero()
    {
        var old = Server.TestLog.Visible().First(e => !e.IsModernShape);
        var e = Ps.Run("Get-OmiseEvent -Id $args[0]", old.Id).Output.Single();

        var cells = CsvCells(e, "en-US");

        Assert.Equal("", cells[Array.IndexOf(Columns, "WebhookDeliveryCount")]);
        Assert.Equal("False", cells[Array.IndexOf(Columns, "WebhookDeliveriesKnown")]);
        Assert.Equal("", cells[Array.IndexOf(Columns, "WebhookDeliveries")]);
    }

    [Fact]
    public void Raw_writes_the_servers_json_for_each_event()
    {
        var truth = Server.TestLog.Visible().Take(3).Select(e => System.Text.Encoding.UTF8.GetString(e.Json));

        var result = Ps.Run("Get-OmiseEvent -First 3 -Raw");

        result.AssertClean();
        Assert.Equal(truth, result.Output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void ToString_of_every_type_is_useful()
    {
        var e = ModernChargeEvent();
        var typed = (Event)e.BaseObject;
        Assert.Equal(typed.Id, typed.ToString());
        Assert.Equal(typed.WebhookDeliveries[0].Id, typed.WebhookDeliveries[0].ToString());
        Assert.StartsWith("[{", typed.WebhookDeliveries.ToString());
        Assert.Matches("^([1-6]/[1-6] ok|fail (404|500|503|---))$", typed.WebhookDeliveries.Summary);
    }
}
