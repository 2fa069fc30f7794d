using System;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Ids from the pipeline: looked up several at a time, written in input order.</summary>
public sealed class ByIdConcurrencyTests : EngineTest
{
    private readonly SlowAnswers _answers;

    public ByIdConcurrencyTests(EmulatorFixture emulator) : base(emulator) => _answers = new SlowAnswers(Server);

    [Fact]
    public void Events_and_errors_come_out_in_input_order_with_lookups_overlapping()
    {
        var ids = Server.TestLog.Visible().Take(60).Select(e => e.Id).ToList();
        ids.Insert(7, "evnt_test_BAD");
        ids.Insert(20, "evnt_test_5gone0000000000000");
        ids.Insert(41, "chrg_test_5abc");

        // 2>&1 merges the error stream into the output in the order things were written.
        var result = Ps.Run("$args[0] | Get-OmiseEvent 2>&1", (object)ids.ToArray());

        var written = result.Output.Select(o => o.BaseObject switch
        {
            Event e => e.Id,
            ErrorRecord r => r.TargetObject?.ToString() ?? "",
            var other => other?.ToString() ?? "",
        }).ToList();
        Assert.Equal(ids, written);
        Assert.InRange(_answers.MaxInFlight, 2, 8);
        Assert.Equal(61, Server.Requests.Count);
    }

    [Fact]
    public void First_costs_at_most_the_lookups_already_in_flight()
    {
        var ids = Server.TestLog.Visible().Take(200).Select(e => e.Id).ToArray();

        var result = Ps.Run("$args[0] | Get-OmiseEvent -First 5", (object)ids);

        result.AssertClean();
        Assert.Equal(ids.Take(5), result.Objects<Event>().Select(e => e.Id));
        Assert.InRange(Server.Requests.Count, 5, 5 + 8);
    }

    [Fact]
    public void With_MaxConcurrency_1_lookups_go_one_at_a_time()
    {
        var connection = Ps.Connect(Server, extra: "-PassThru -MaxConcurrency 1").Output.Single();
        Server.Requests.Clear();
        var ids = Server.TestLog.Visible().Take(20).Select(e => e.Id).ToArray();

        var result = Ps.Run("param($c, $ids) $ids | Get-OmiseEvent -Connection $c", connection, ids);

        result.AssertClean();
        Assert.Equal(ids, result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(1, _answers.MaxInFlight);
    }
}
