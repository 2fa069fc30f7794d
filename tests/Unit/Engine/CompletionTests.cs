using System;
using System.Linq;
using System.Management.Automation;
using OmiseEmulator;
using OmiseEvents.Completion;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Tab completion through the engine's own entry point, as a console or editor calls it.</summary>
public sealed class CompletionTests : EngineTest
{
    public CompletionTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    private string[] Complete(string input)
    {
        var result = Ps.Run("param($line) (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText }", input);
        result.AssertClean();
        return result.Output.Select(o => o.ToString()).ToArray();
    }

    [Fact]
    public void Key_completes_families_and_keys()
    {
        Assert.Equal(new[] { "charge.dispute.*", "charge.dispute.create", "charge.dispute.update", "charge.dispute.close" },
            Complete("Get-OmiseEvent -Key charge.d"));
        Assert.Contains("charge.*", Complete("Get-OmiseEvent -Key ch"));
        Assert.Contains("schedule.occurrence.*", Complete("Get-OmiseChargeEvent -ChargeId chrg_test_x -Key sched"));
    }

    [Fact]
    public void Key_completion_takes_wildcards_and_ignores_case()
    {
        Assert.Equal(new[] { "charge.dispute.*", "charge.dispute.create", "charge.dispute.update", "charge.dispute.close" },
            Complete("Get-OmiseEvent -Key *DISPUTE"));
    }

    [Fact]
    public void The_completers_keys_are_the_api_references_keys()
    {
        Assert.Equal(EventCatalog.DocumentedKeys.OrderBy(k => k), EventKeyCompleter.DocumentedKeys.OrderBy(k => k));
    }

    [Fact]
    public void Id_completes_event_ids_seen_in_this_session_most_recent_first()
    {
        Assert.Empty(Complete("Get-OmiseEvent -Id evnt_"));
        var first = Ps.Run("Get-OmiseEvent -First 3").Objects<Event>();
        var second = Ps.Run("Get-OmiseEvent -Skip 1000 -First 2").Objects<Event>();

        var offered = Complete("Get-OmiseEvent -Id evnt_test_");

        Assert.Equal(second.Select(e => e.Id).Reverse().Concat(first.Select(e => e.Id).Reverse()), offered);
        Assert.Equal(new[] { first[0].Id }, Complete("Get-OmiseEvent -Id " + first[0].Id[..^2]));
    }

    [Fact]
    public void ChargeId_completes_charge_ids_seen_and_runspaces_keep_their_own()
    {
        var charges = Ps.Run("Get-OmiseEvent -Key charge.create -First 4").Objects<Event>().Select(e => e.ChargeId!).Reverse().ToArray();
        using var other = new PowerShellSession();

        Assert.Equal(charges, Complete("Get-OmiseChargeEvent -ChargeId chrg_"));
        var otherResult = other.Run("(TabExpansion2 -inputScript 'Get-OmiseChargeEvent -ChargeId chrg_' -cursorColumn 35).CompletionMatches");
        Assert.Empty(otherResult.Output);
    }

    [Fact]
    public void Order_and_ApiVersion_complete_their_values()
    {
        Assert.Equal(new[] { "Chronological", "ReverseChronological" }, Complete("Get-OmiseEvent -Order "));
        Assert.Equal(new[] { "2019-05-29" }, Complete("Connect-Omise -ApiVersion 2019"));
    }
}
