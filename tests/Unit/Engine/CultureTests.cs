using System;
using System.Linq;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Omise's merchants work in Thai sessions as often as English ones. PowerShell binds text to a
/// compiled cmdlet's DateTime in the session's culture and calendar; a date in ISO form must still
/// mean the same day in every one, and a date written the session's own way must still work.
/// </summary>
public sealed class CultureTests : EngineTest
{
    private static readonly string[] Cultures = { "en-US", "de-DE", "th-TH", "fa-IR", "ar-SA", "ja-JP" };

    public CultureTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    public static TheoryData<string> EachCulture() => new(Cultures);

    private static string Sent(DateTime local) => IsoTime.Of(local.ToUniversalTime());

    /// <summary>Runs <paramref name="script"/> with the session's culture set to <paramref name="culture"/>, as a user's own session would have it.</summary>
    private PsResult RunIn(string culture, string script, params object?[] args) =>
        Ps.Run($"$was = [cultureinfo]::CurrentCulture; try {{ [cultureinfo]::CurrentCulture = '{culture}'\n{script}\n}} finally {{ [cultureinfo]::CurrentCulture = $was }}", args);

    [Theory]
    [MemberData(nameof(EachCulture))]
    public void Iso_dates_mean_the_same_day_in_every_culture(string culture)
    {
        var result = RunIn(culture, "Get-OmiseEvent -From 2026-11-19 -To '2026-11-19 18:30' -First 1; Get-OmiseChargeEvent -ChargeId $args[0] -From 2026-11-19T06:00:00Z -To '2026-11-20T00:00:00+07:00'",
            Server.TestLog.ChargeIds.First());

        result.AssertClean();
        var requests = Server.Requests.Snapshot();
        Assert.Equal(2, requests.Count);
        Assert.Equal(Sent(new DateTime(2026, 11, 19)), requests[0].Query["from"]);
        Assert.Equal(Sent(new DateTime(2026, 11, 19, 18, 30, 0)), requests[0].Query["to"]);
        Assert.Equal("2026-11-19T06:00:00Z", requests[1].Query["from"]);
        Assert.Equal("2026-11-19T17:00:00Z", requests[1].Query["to"]);
    }

    [Theory]
    [InlineData("th-TH", "19/11/2569")]
    [InlineData("fa-IR", "1405/08/28")]
    [InlineData("de-DE", "19.11.2026")]
    [InlineData("en-US", "11/19/2026")]
    public void A_date_written_the_sessions_own_way_still_works(string culture, string written)
    {
        var result = RunIn(culture, "Get-OmiseEvent -From $args[0] -First 1", written);

        result.AssertClean();
        Assert.Equal(Sent(new DateTime(2026, 11, 19)), Assert.Single(Server.Requests.Snapshot()).Query["from"]);
    }

    [Theory]
    [MemberData(nameof(EachCulture))]
    public void The_range_checks_read_iso_dates_as_iso_in_every_culture(string culture)
    {
        var before1970 = RunIn(culture, "Get-OmiseEvent -From 1969-12-31").TerminatingRecord;
        var backwards = RunIn(culture, "Get-OmiseEvent -From 2026-02-01 -To 2026-01-01").TerminatingRecord;
        var notADate = RunIn(culture, "Get-OmiseEvent -From 2026-02-30").TerminatingRecord;

        Assert.Equal("InvalidTimeRange,OmiseEvents.Commands.GetOmiseEventCommand", before1970.FullyQualifiedErrorId);
        Assert.Contains("1969-12-31", before1970.Exception.Message);
        Assert.Equal("InvalidTimeRange,OmiseEvents.Commands.GetOmiseEventCommand", backwards.FullyQualifiedErrorId);
        Assert.Equal("ParameterArgumentTransformationError,OmiseEvents.Commands.GetOmiseEventCommand", notADate.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, notADate.CategoryInfo.Category);
        Assert.Contains("2026-02-30", notADate.Exception.Message);
        Assert.Equal(0, Server.Requests.Count);
    }

    [Theory]
    [InlineData("en-US", "100 of 2,500 events")]
    [InlineData("de-DE", "100 of 2.500 events")]
    [InlineData("th-TH", "100 of 2,500 events")]
    public void Progress_counts_are_written_in_the_sessions_culture(string culture, string expected)
    {
        var result = RunIn(culture, "$ProgressPreference = 'Continue'; Get-OmiseEvent");

        result.AssertClean();
        Assert.Equal(expected, result.Progress[0].StatusDescription);
    }
}
