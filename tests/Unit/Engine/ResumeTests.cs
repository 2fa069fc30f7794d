using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>-After: resuming exactly after an event. Each test changes the log, so each gets its own emulator.</summary>
public sealed class ResumeTests : OwnEmulatorTest
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omise-resume-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string[] VisibleIds() => Server.TestLog.Visible().Select(e => e.Id).ToArray();

    [Fact]
    public void After_an_event_in_a_busy_second_writes_exactly_what_the_server_lists_after_it_across_pages()
    {
        var busy = Server.TestLog.Append(300, TimeSpan.Zero);
        var later = Server.TestLog.Append(20);
        var checkpoint = busy[150];

        var result = Ps.Run("Get-OmiseEvent -After $args[0]", checkpoint.Id);

        result.AssertClean();
        Assert.Equal(busy.Skip(151).Concat(later).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        var requests = Server.Requests.Snapshot();
        // One request for the checkpoint, then pages from the start of its second: 300 events of it span pages.
        Assert.Equal("/events/" + checkpoint.Id, requests[0].Path);
        Assert.All(requests.Skip(1), r => Assert.Equal(IsoTime.Of(checkpoint.Created), r.Query["from"]));
        Assert.True(requests.Count >= 4, $"{requests.Count} requests");
    }

    [Fact]
    public void After_takes_an_event_a_csv_row_or_an_id()
    {
        var all = VisibleIds();
        string id = all[^5];

        var byId = Ps.Run("Get-OmiseEvent -After $args[0]", id);
        var byEvent = Ps.Run("Get-OmiseEvent -After (Get-OmiseEvent -Id $args[0])", id);
        var byRow = Ps.Run("Get-OmiseEvent -After ([pscustomobject]@{ Created = 'x'; Id = $args[0]; Key = 'charge.create' })", id);

        foreach (var result in new[] { byId, byEvent, byRow })
        {
            result.AssertClean();
            Assert.Equal(all[^4..], result.Objects<Event>().Select(e => e.Id));
        }
    }

    [Fact]
    public void A_checkpoint_that_is_gone_ends_the_command_and_writes_nothing()
    {
        var result = Ps.Run("Get-OmiseEvent -After evnt_test_5gone0000000000000");

        var record = result.TerminatingRecord;
        Assert.Equal("CheckpointNotFound,OmiseEvents.Commands.GetOmiseEventCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Equal("evnt_test_5gone0000000000000", record.TargetObject);
        Assert.Contains("may have been deleted", record.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.Contains("-From", record.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Single(Server.Requests.Snapshot());
    }

    [Theory]
    [InlineData("evnt_test_")]
    [InlineData("chrg_test_5abc")]
    [InlineData("evnt_test_5ABC")]
    public void A_malformed_checkpoint_is_InvalidEventId_and_never_a_restart(string id)
    {
        var result = Ps.Run("Get-OmiseEvent -After $args[0]", id);

        Assert.Equal("InvalidEventId,OmiseEvents.Commands.GetOmiseEventCommand", result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
        Assert.Empty(Server.Requests.Snapshot());
    }

    [Fact]
    public void An_empty_checkpoint_is_a_first_run_that_lists_everything_and_says_so()
    {
        var result = Ps.Run("Get-OmiseEvent -After $null");

        result.AssertClean();
        Assert.Equal(VisibleIds(), result.Objects<Event>().Select(e => e.Id));
        Assert.Contains(result.Warnings, w => w.Message.Contains("no checkpoint yet", StringComparison.Ordinal));
    }

    [Fact]
    public void A_checkpoint_within_seven_days_of_the_retention_limit_is_warned_about()
    {
        // The log spans 80 days; five days on, its oldest events are 85 days old.
        Server.Clock.Advance(TimeSpan.FromDays(5));
        var oldest = Server.TestLog.Visible()[0];
        var recent = Server.TestLog.Visible()[^10];

        var warned = Ps.Run("Get-OmiseEvent -After $args[0] -First 1", oldest.Id);
        var quiet = Ps.Run("Get-OmiseEvent -After $args[0] -First 1", recent.Id);

        warned.AssertClean();
        Assert.Contains(warned.Warnings, w => w.Message.Contains(oldest.Id, StringComparison.Ordinal) && w.Message.Contains("90 days", StringComparison.Ordinal));
        Assert.Empty(quiet.Warnings);
    }

    [Theory]
    [InlineData("Get-OmiseEvent -After $args[0] -Skip 3", "AmbiguousParameterSet,OmiseEvents.Commands.GetOmiseEventCommand")]
    [InlineData("Get-OmiseEvent -After $args[0] -From 2026-11-01", "AmbiguousParameterSet,OmiseEvents.Commands.GetOmiseEventCommand")]
    [InlineData("Get-OmiseEvent -After $args[0] -Order ReverseChronological", "AmbiguousParameterSet,OmiseEvents.Commands.GetOmiseEventCommand")]
    [InlineData("Get-OmiseEvent -After $args[0] -To 2020-01-01", "InvalidTimeRange,OmiseEvents.Commands.GetOmiseEventCommand")]
    public void After_refuses_what_contradicts_it(string script, string errorId)
    {
        var result = Ps.Run(script, VisibleIds()[100]);

        Assert.Equal(errorId, result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Get_OmiseChargeEvent_After_lists_the_charges_events_after_the_checkpoint()
    {
        var charge = Server.TestLog.ChargeIds.First(c => Server.TestLog.EventsOfCharge(c)!.Count >= 3);
        var events = Server.TestLog.EventsOfCharge(charge)!;

        var result = Ps.Run("Get-OmiseChargeEvent -ChargeId $args[0] -After $args[1]", charge, events[0].Id);

        result.AssertClean();
        Assert.Equal(events.Skip(1).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
    }

    // The README's pattern, verbatim.
    private const string NightlyExport = """
        $last = if (Test-Path events.csv) { Import-Csv events.csv | Select-Object -Last 1 }
        Get-OmiseEvent -After $last.Id | Export-Csv events.csv -Append
        """;

    /// <summary>
    /// Runs the pattern as a scheduled script runs: with nothing around it, so Import-Csv's error on
    /// the first night (no file yet) ends only its own statement.
    /// </summary>
    private PsResult RunNightly()
    {
        using var ps = Ps.CreatePowerShell($"$null = $ExecutionContext.SessionState.Path.SetLocation($args[0])\n{NightlyExport}", new Dictionary<string, object?>(), _folder);
        return PowerShellSession.Invoke(ps);
    }

    private string[] CsvIds()
    {
        var rows = Ps.Run("Import-Csv -LiteralPath $args[0] | ForEach-Object Id", Path.Combine(_folder, "events.csv"));
        rows.AssertClean();
        return rows.Output.Select(o => (string)o.BaseObject).ToArray();
    }

    [Fact]
    public void Three_nightly_runs_export_every_event_once_in_order_with_same_second_arrivals()
    {
        Server.TestLog.Append(3, TimeSpan.Zero);

        var first = RunNightly();
        // New events in the very second of the last one exported, and later.
        Server.TestLog.Append(4, TimeSpan.Zero);
        Server.TestLog.Append(6);
        var second = RunNightly();
        Server.TestLog.Append(5, TimeSpan.Zero);
        var third = RunNightly();

        // The first night has no file: the recipe asks Test-Path, so there is no error, only -After's warning.
        first.AssertClean();
        Assert.StartsWith("-After is empty", Assert.Single(first.Warnings).Message, StringComparison.Ordinal);
        second.AssertClean();
        third.AssertClean();
        Assert.Equal(VisibleIds(), CsvIds());
        Assert.Empty(second.Warnings);
    }

    /// <summary>
    /// With the real Import-Csv and Export-Csv: a missing file is an error that ends its statement
    /// before the assignment, so a session whose $last is already set (an earlier run, another
    /// archive) must not carry it into a first run, which would start after that old event.
    /// </summary>
    [Fact]
    public void A_first_run_into_a_new_file_lists_every_event_though_the_session_already_has_a_last()
    {
        var result = Ps.Run($"""
            $null = $ExecutionContext.SessionState.Path.SetLocation($args[0])
            $last = Get-OmiseEvent -Order ReverseChronological -First 1
            {NightlyExport}
            (Import-Csv events.csv).Id
            """, _folder);

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.StartsWith("-After is empty", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
        Assert.Equal(VisibleIds(), result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_run_stopped_halfway_and_run_again_still_exports_every_event_once()
    {
        RunNightly();
        Server.TestLog.Append(150, TimeSpan.Zero);
        Server.TestLog.Append(150);
        // The next run fails for good on its third page, after writing what it had.
        int requests = 0;
        Server.Intercept = async context =>
        {
            if (++requests == 4)
            {
                await OmiseEmulatorServer.Error(context, 400, "bad_request", "the run dies here");
                return true;
            }
            return false;
        };

        var broken = RunNightly();
        Server.Intercept = null;
        int exportedBeforeRerun = CsvIds().Length;
        var rerun = RunNightly();

        Assert.Equal("OmiseApiError,OmiseEvents.Commands.GetOmiseEventCommand", Assert.Single(broken.Errors).FullyQualifiedErrorId);
        Assert.InRange(exportedBeforeRerun, 2501, VisibleIds().Length - 1);
        rerun.AssertClean();
        Assert.Equal(VisibleIds(), CsvIds());
    }
}
