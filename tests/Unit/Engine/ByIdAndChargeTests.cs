using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

public sealed class ByIdAndChargeTests : EngineTest
{
    public ByIdAndChargeTests(EmulatorFixture emulator) : base(emulator)
    {
    }


    [Fact]
    public void Piped_ids_with_an_unknown_one_return_the_rest_and_one_error()
    {
        var known = Server.TestLog.Visible().Skip(500).Take(3).Select(e => e.Id).ToArray();
        const string unknown = "evnt_test_0000000000000000000";

        var result = Ps.Run("$args | Get-OmiseEvent", known[0], unknown, known[1], known[2]);

        Assert.Null(result.Terminating);
        Assert.Equal(known, result.Objects<Event>().Select(e => e.Id));
        var error = Assert.Single(result.Errors);
        Assert.Equal("EventNotFound,OmiseEvents.Commands.GetOmiseEventCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(unknown, error.TargetObject);
        Assert.Contains(unknown, error.ToString());
        Assert.Equal("not_found", Assert.IsType<OmiseApiException>(error.Exception).ErrorCode);
    }

    [Fact]
    public void ErrorAction_Stop_makes_not_found_terminating()
    {
        var result = Ps.Run("Get-OmiseEvent -Id evnt_test_0000000000000000000 -ErrorAction Stop");
        Assert.Equal("EventNotFound,OmiseEvents.Commands.GetOmiseEventCommand", result.TerminatingRecord.FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("chrg_test_5xyz")]
    [InlineData("evnt_test_5XYZ")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Malformed_event_ids_are_errors_without_a_request(string? id)
    {
        var result = Ps.Run("$args[0] | Get-OmiseEvent", id);

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidEventId,OmiseEvents.Commands.GetOmiseEventCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(id, error.TargetObject);
        Assert.Equal(0, Server.Requests.Count);
    }

    [Fact]
    public void Events_piped_back_in_bind_by_Id()
    {
        var result = Ps.Run("Get-OmiseEvent -First 3 | Get-OmiseEvent");

        result.AssertClean();
        Assert.Equal(Server.TestLog.Visible().Take(3).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(new[] { "/events", "/events/" + result.Objects<Event>()[0].Id }, Server.Requests.Snapshot().Take(2).Select(r => r.Path));
    }

    [Fact]
    public void Event_fields_are_faithful_to_the_json_in_every_api_version()
    {
        var truth = Server.TestLog.Visible();
        var old = truth.First(e => e.ApiVersion == "2015-11-17" && e.DataObject == "charge");
        var modern = truth.First(e => e.IsModernShape && e.DataObject == "charge");

        var events = Ps.Run("Get-OmiseEvent -Id $args", old.Id, modern.Id).Objects<Event>();

        foreach (var (e, stored) in events.Zip(new[] { old, modern }))
        {
            Assert.Equal(stored.Key, e.Key);
            Assert.Equal(stored.Created, e.Created);
            Assert.Equal(DateTimeKind.Utc, e.Created.Kind);
            Assert.Equal("charge", e.DataObject);
            Assert.Equal(stored.DataId, e.DataId);
            Assert.Equal(stored.DataId, e.ChargeId);
            Assert.Equal("/events/" + stored.Id, e.Location);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(stored.Json), e.GetRawJson());
        }
        Assert.False(events[0].WebhookDeliveriesKnown);
        Assert.True(events[1].WebhookDeliveriesKnown);
    }

    [Fact]
    public void Data_is_a_faithful_object_tree_for_known_and_unknown_kinds()
    {
        var wallet = Server.TestLog.Visible().First(e => e.DataObject == "wallet");

        var result = Ps.Run("$e = Get-OmiseEvent -Id $args[0]; $e.Data.balance; $e.Data.future_field.nested; $e.Data.ratio", wallet.Id);

        result.AssertClean();
        Assert.IsType<long>(result.Output[0].BaseObject);
        Assert.Equal(new object?[] { 1L, "two", true }, result.Output.Skip(1).Take(3).Select(o => o.BaseObject));
        Assert.Equal(0.125, result.Output.Last().BaseObject);
    }

    [Fact]
    public void Webhook_deliveries_are_typed_with_tolerant_dates()
    {
        var withDeliveries = Server.TestLog.Visible().First(e => e.IsModernShape && System.Text.Encoding.UTF8.GetString(e.Json).Contains("\"status\":null"));

        var e = Assert.Single(Ps.Run("Get-OmiseEvent -Id $args[0]", withDeliveries.Id).Objects<Event>());

        using var json = System.Text.Json.JsonDocument.Parse(withDeliveries.Json);
        var expected = json.RootElement.GetProperty("webhook_deliveries").EnumerateArray().ToList();
        Assert.Equal(expected.Count, e.WebhookDeliveries.Count);
        Assert.Contains(e.WebhookDeliveries, d => d.Status is null && !d.Succeeded && d.Error == "Net::ReadTimeout");
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("id").GetString(), e.WebhookDeliveries[i].Id);
            string created = expected[i].GetProperty("created_at").GetString()!;
            Assert.Equal(DateTime.SpecifyKind(DateTime.ParseExact(created, "yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), DateTimeKind.Utc), e.WebhookDeliveries[i].Created);
        }
    }

    [Fact]
    public void Charge_events_list_by_id_with_the_charge_id_set_even_without_data()
    {
        string chargeId = Server.TestLog.ChargeIds.First(c => Server.TestLog.EventsOfCharge(c)!.Count >= 3
            && Server.TestLog.EventsOfCharge(c)!.Any(e => !e.IsModernShape));
        var truth = Server.TestLog.EventsOfCharge(chargeId)!.Select(e => e.Id);

        var result = Ps.Run("Get-OmiseChargeEvent -ChargeId $args[0]", chargeId);

        result.AssertClean();
        Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
        Assert.All(result.Objects<Event>(), e => Assert.Equal(chargeId, e.ChargeId));
        Assert.Contains(result.Objects<Event>(), e => e.Data is null);
        Assert.Equal($"/charges/{chargeId}/events", Assert.Single(Server.Requests.Snapshot()).Path);
    }

    [Fact]
    public void Charge_events_bind_from_events_in_the_pipeline_each_charge_once()
    {
        var chargeEvents = Server.TestLog.Visible().Where(e => e.Key.StartsWith("charge.", StringComparison.Ordinal)).Take(40).ToList();
        var charges = chargeEvents.Select(e => e.ChargeId!).Distinct().ToList();
        var truth = charges.SelectMany(c => Server.TestLog.EventsOfCharge(c)!).Select(e => e.Id);

        var result = Ps.Run("Get-OmiseEvent -Key charge.* -First 40 | Get-OmiseChargeEvent");

        result.AssertClean();
        Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
        Assert.Contains(chargeEvents, e => e.Key.StartsWith("charge.dispute.", StringComparison.Ordinal) || charges.Count < chargeEvents.Count);
        Assert.Equal(charges.Count, Server.Requests.Snapshot().Count(r => r.Path.StartsWith("/charges/", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unknown_and_malformed_charges_are_per_input_errors()
    {
        string real = Server.TestLog.ChargeIds.First();

        var result = Ps.Run("$args | Get-OmiseChargeEvent", "chrg_test_0000000000000000000", "evnt_test_abc", real);

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "ChargeNotFound,OmiseEvents.Commands.GetOmiseChargeEventCommand", "InvalidChargeId,OmiseEvents.Commands.GetOmiseChargeEventCommand" },
            result.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Equal("chrg_test_0000000000000000000", result.Errors[0].TargetObject);
        Assert.Equal(Server.TestLog.EventsOfCharge(real)!.Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(2, Server.Requests.Count);
    }
}
