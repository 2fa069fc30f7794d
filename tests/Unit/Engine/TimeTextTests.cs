using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Times as scripts use them: their text is ISO 8601 UTC in every culture, however PowerShell makes
/// text of them, and they still compare, sort, convert and calculate as DateTimes do.
/// </summary>
public sealed class TimeTextTests : EngineTest
{
    public TimeTextTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    private PSObject AnEvent() => Ps.Run("Get-OmiseEvent -Id $args[0]", Server.TestLog.Visible().First(e => e.IsModernShape).Id).Output.Single();

    private PsResult RunIn(string culture, string script, params object?[] args) =>
        Ps.Run($"$was = [cultureinfo]::CurrentCulture; try {{ [cultureinfo]::CurrentCulture = '{culture}'\n{script}\n}} finally {{ [cultureinfo]::CurrentCulture = $was }}", args);

    [Theory]
    [InlineData("en-US")]
    [InlineData("th-TH")]
    [InlineData("fa-IR")]
    [InlineData("ar-SA")]
    [InlineData("de-DE")]
    public void Every_text_form_of_a_time_is_iso_utc_in_every_culture(string culture)
    {
        var e = AnEvent();
        var typed = (Event)e.BaseObject;
        var delivery = typed.WebhookDeliveries[0];

        var result = RunIn(culture, """
            $e = $args[0]
            "$($e.Created)"; [string]$e.Created; '' + $e.Created; 'at ' + $e.Created; '{0}' -f $e.Created
            $e.Created.ToString(); "$($e.WebhookDeliveries[0].Created)"; [string]$e.WebhookDeliveries[0].EventCreated
            ($e | Select-Object Created | ConvertTo-Csv)[1]
            "$((Get-OmiseConnection).ConnectedAt)"
            """, e);

        result.AssertClean();
        string created = IsoTime.Of(typed.Created);
        var texts = result.Output.Select(o => o.BaseObject.ToString()).ToArray();
        Assert.Equal(new[] { created, created, created, "at " + created, created, created, IsoTime.Of(delivery.Created!.Value), created, $"\"{created}\"" }, texts[..^1]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", texts[^1]);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("th-TH")]
    public void A_time_compares_sorts_converts_and_calculates_as_a_datetime(string culture)
    {
        var e = AnEvent();
        var created = ((Event)e.BaseObject).Created;

        var result = RunIn(culture, """
            $e, $before, $after = $args
            $e.Created -gt $before; $e.Created -lt $after; $before -lt $e.Created; $e.Created -eq $e.Created.AddDays(0); $e.Created -ge [datetime]$e.Created
            $e.Created -gt (Get-Date).AddYears(-100); $e.Created -lt (Get-Date).AddYears(100)
            [datetime]$e.Created
            "$($e.Created.AddDays(1))"; "$($e.Created.Date)"; $e.Created.ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture)
            $e.Created.Year; $e.Created.DayOfWeek; ($e.Created.AddHours(36) - $e.Created).TotalHours; ($after - $e.Created).TotalSeconds
            $e.Created.ToLocalTime() -is [datetime]
            """, e, created.AddSeconds(-1), created.AddSeconds(1));

        result.AssertClean();
        var output = result.Output.Select(o => o.BaseObject).ToArray();
        Assert.Equal(new object[] { true, true, true, true, true, true, true }, output[..7]);
        var asDateTime = Assert.IsType<DateTime>(output[7]);
        Assert.Equal(created, asDateTime);
        Assert.Equal(DateTimeKind.Utc, asDateTime.Kind);
        Assert.Equal(new object[] { IsoTime.Of(created.AddDays(1)), IsoTime.Of(created.Date), created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            created.Year, created.DayOfWeek, 36.0, 1.0, true }, output[8..]);
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("th-TH")]
    [InlineData("fa-IR")]
    public void A_time_compares_with_text_as_a_datetime_does(string culture)
    {
        // PowerShell converts the right side to the left side's type: text must become a time.
        var e = AnEvent();
        var created = ((Event)e.BaseObject).Created;

        var result = RunIn(culture, """
            $e, $iso, $day, $next = $args
            $e.Created -eq $iso; $e.Created -gt $day; $e.Created -lt $next; $e.Created -gt $next
            @($e | Where-Object Created -ge $day).Count; @($e | Where-Object Created -lt $day).Count
            [OmiseEvents.UtcTime]$iso -eq $e.Created
            """, e, IsoTime.Of(created), created.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            created.AddSeconds(1).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));

        result.AssertClean();
        Assert.Equal(new object[] { true, true, true, false, 1, 0, true }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Events_sort_and_group_by_time()
    {
        var result = Ps.Run("""
            $events = Get-OmiseEvent -First 200
            ($events | Sort-Object Created -Descending | Select-Object -First 1).Id
            ($events | Group-Object { $_.Created.Date } | Select-Object -First 1).Name
            ($events | Measure-Object Created -Maximum).Maximum -is [OmiseEvents.UtcTime]
            """);

        result.AssertClean();
        var visible = Server.TestLog.Visible().Take(200).ToList();
        Assert.Equal(visible.Max(e => e.Created), visible.Single(e => e.Id == (string)result.Output[0].BaseObject).Created);
        Assert.Equal(IsoTime.Of(visible[0].Created.Date), result.Output[1].BaseObject);
        Assert.Equal(true, result.Output[2].BaseObject);
    }

    [Fact]
    public void A_time_binds_to_a_datetime_parameter()
    {
        var stored = Server.TestLog.Visible().Skip(10).First();

        var result = Ps.Run("$e = Get-OmiseEvent -Id $args[0]; Get-OmiseEvent -From $e.Created -First 1 | Out-Null", stored.Id);

        result.AssertClean();
        Assert.Equal(IsoTime.Of(stored.Created), Server.Requests.Snapshot()[^1].Query["from"]);
    }

    [Fact]
    public void ConvertTo_Json_of_an_event_writes_its_time_as_iso_text()
    {
        var e = AnEvent();

        var result = Ps.Run("($args[0] | ConvertTo-Json -Depth 10 | ConvertFrom-Json -AsHashtable -DateKind String).Created", e);

        result.AssertClean();
        Assert.Equal(IsoTime.Of(((Event)e.BaseObject).Created), result.Output.Single().BaseObject);
    }
}
