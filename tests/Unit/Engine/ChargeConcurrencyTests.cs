using System;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Charges from the pipeline: first pages asked for several at a time, events written in input order.</summary>
public sealed class ChargeConcurrencyTests : EngineTest
{
    private readonly SlowAnswers _answers;

    public ChargeConcurrencyTests(EmulatorFixture emulator) : base(emulator) => _answers = new SlowAnswers(Server);

    private string[] Charges(int count) => Server.TestLog.ChargeIds.Take(count).ToArray();

    private string[] EventsOf(params string[] charges) =>
        charges.SelectMany(c => Server.TestLog.EventsOfCharge(c) ?? Array.Empty<OmiseEmulator.StoredEvent>()).Select(e => e.Id).ToArray();

    [Fact]
    public void Events_and_errors_come_out_in_input_order_with_first_pages_overlapping()
    {
        var charges = Charges(30).ToList();
        charges.Insert(5, "chrg_test_0000000000000000000");
        charges.Insert(17, "evnt_test_notacharge");

        // 2>&1 merges the error stream into the output in the order things were written.
        var result = Ps.Run("$args[0] | Get-OmiseChargeEvent 2>&1", (object)charges.ToArray());

        var written = result.Output.Select(o => o.BaseObject switch
        {
            Event e => e.Id,
            ErrorRecord r => "error:" + r.TargetObject,
            var other => other?.ToString() ?? "",
        }).ToList();
        var expected = charges.SelectMany(c => c.StartsWith("chrg_test_0", StringComparison.Ordinal) || c.StartsWith("evnt_", StringComparison.Ordinal)
            ? new[] { "error:" + c }
            : EventsOf(c)).ToList();
        Assert.Equal(expected, written);
        Assert.Equal(new[] { "ChargeNotFound,OmiseEvents.Commands.GetOmiseChargeEventCommand", "InvalidChargeId,OmiseEvents.Commands.GetOmiseChargeEventCommand" },
            result.Output.Select(o => o.BaseObject).OfType<ErrorRecord>().Select(r => r.FullyQualifiedErrorId).OrderBy(id => id));
        Assert.InRange(_answers.MaxInFlight, 2, 8);
        Assert.Equal(31, Server.Requests.Count);
    }

    [Fact]
    public void A_charge_of_several_pages_goes_on_from_its_first_and_writes_each_event_once()
    {
        var charges = Server.TestLog.ChargeIds.Where(c => Server.TestLog.EventsOfCharge(c)!.Count >= 3).Take(6).ToArray();

        var result = Ps.Run("$args[0] | Get-OmiseChargeEvent -PageSize 2", (object)charges);

        result.AssertClean();
        Assert.Equal(EventsOf(charges), result.Objects<Event>().Select(e => e.Id));
        Assert.All(charges, c => Assert.True(Server.Requests.Snapshot().Count(r => r.Path == $"/charges/{c}/events") >= 2));
        Assert.InRange(_answers.MaxInFlight, 2, 8);
    }

    [Fact]
    public void A_charge_piped_twice_is_listed_once_in_its_first_place()
    {
        var charges = Charges(4);

        var result = Ps.Run("$args[0] | Get-OmiseChargeEvent", (object)new[] { charges[0], charges[1], charges[0], charges[2], charges[1], charges[3] });

        result.AssertClean();
        Assert.Equal(EventsOf(charges), result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(4, Server.Requests.Count);
    }

    [Fact]
    public void Stopping_early_costs_at_most_the_first_pages_already_in_flight()
    {
        var charges = Charges(100);

        // What Select-Object -First 3 does: the pipeline stops once three events are out.
        var result = Ps.Run("$n = 0; do { $args[0] | Get-OmiseChargeEvent | ForEach-Object { $_; if (++$n -eq 3) { break } } } while ($false)", (object)charges);

        result.AssertClean();
        Assert.Equal(EventsOf(charges).Take(3), result.Objects<Event>().Select(e => e.Id));
        Assert.InRange(Server.Requests.Count, 1, 3 + 8);
    }

    [Fact]
    public void With_MaxConcurrency_1_charges_are_listed_one_at_a_time()
    {
        var connection = Ps.Connect(Server, extra: "-PassThru -MaxConcurrency 1").Output.Single();
        Server.Requests.Clear();
        var charges = Charges(10);

        var result = Ps.Run("param($c, $ids) $ids | Get-OmiseChargeEvent -Connection $c", connection, charges);

        result.AssertClean();
        Assert.Equal(EventsOf(charges), result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(1, _answers.MaxInFlight);
    }
}
