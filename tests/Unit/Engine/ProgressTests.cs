using System;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Paging;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

public sealed class ProgressTests : EngineTest
{
    public ProgressTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    [Fact]
    public void A_long_listing_reports_progress_and_completes_it()
    {
        var result = Ps.Run("$ProgressPreference = 'Continue'; Get-OmiseEvent");

        result.AssertClean();
        var records = result.Progress;
        Assert.InRange(records.Count, 2, EmulatorFixture.DefaultEvents / 100 + 1);
        Assert.Equal($"100 of {EmulatorFixture.DefaultEvents:N0} events", records[0].StatusDescription);
        Assert.Equal(4, records[0].PercentComplete);
        Assert.StartsWith("Listing Omise events", records[0].Activity);
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
        Assert.All(records, r => Assert.Equal(records[0].ActivityId, r.ActivityId));
    }

    [Theory]
    [InlineData("$ProgressPreference = 'Continue'; Get-OmiseEvent -First 50")]
    [InlineData("$ProgressPreference = 'Continue'; Get-OmiseEvent -First 100")]
    [InlineData("$ProgressPreference = 'SilentlyContinue'; Get-OmiseEvent")]
    [InlineData("$ProgressPreference = 'Continue'; Get-OmiseEvent -From $args[0]")]
    public void No_progress_for_one_page_or_when_silenced(string script)
    {
        var lastFew = Server.TestLog.Visible()[^30].Created;

        var result = Ps.Run(script, lastFew);

        result.AssertClean();
        Assert.NotEmpty(result.Output);
        Assert.Empty(result.Progress);
    }

    [Fact]
    public void Select_First_downstream_still_ends_cleanly_with_progress_on()
    {
        var result = Ps.Run("$ProgressPreference = 'Continue'; do { Get-OmiseEvent | ForEach-Object { $_; if (++$n -eq 3) { break } } } while ($false)");

        result.AssertClean();
        Assert.Equal(3, result.Output.Count);
    }
}

public sealed class ListingProgressThrottleTests
{
    [Fact]
    public void Reports_at_the_first_page_then_at_most_every_quarter_second()
    {
        var now = TimeSpan.Zero;
        var reports = new System.Collections.Generic.List<ProgressRecord>();
        var progress = new ListingProgress(reports.Add, 1, "Listing Omise events", () => now);

        progress.PageRead(100, 1000);            // t=0: the first page is reported
        now = TimeSpan.FromMilliseconds(100);
        progress.PageRead(100, 1000);            // too soon
        now = TimeSpan.FromMilliseconds(249);
        progress.PageRead(100, 1000);            // still too soon
        now = TimeSpan.FromMilliseconds(260);
        progress.PageRead(100, 1000);            // reported
        now = TimeSpan.FromMilliseconds(300);
        progress.Complete();                     // always

        Assert.Equal(new[] { $"100 of {1000:N0} events", $"400 of {1000:N0} events", "Done" }, reports.Select(r => r.StatusDescription));
        Assert.Equal(40, reports[1].PercentComplete);
        Assert.Equal(ProgressRecordType.Completed, reports[^1].RecordType);
    }

    /// <summary>
    /// The console host draws a record only if its 200 ms timer ticked since it last drew one: a
    /// waiting record that comes less than <see cref="ListingProgress.Interval"/> after the record
    /// before it is written once more that much later, while the command waits; one that comes
    /// later, or any record after it, needs (and cancels) no second writing.
    /// </summary>
    [Fact]
    public void A_waiting_record_close_behind_another_is_written_again_once_the_host_will_draw_it()
    {
        var now = TimeSpan.Zero;
        var since = new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
        var reports = new System.Collections.Generic.List<ProgressRecord>();
        (TimeSpan After, Action? Action) pending = (TimeSpan.MaxValue, null);
        var progress = new ListingProgress(reports.Add, 1, "Following Omise events", () => now, (after, action) => pending = (after, action));

        progress.PageRead(100, 1000);                                  // t=0: drawn
        now = TimeSpan.FromMilliseconds(100);
        progress.Waiting(100, since, TimeSpan.FromSeconds(30));        // caught up 100 ms later: the host may not draw it
        Assert.Equal(ListingProgress.Interval, pending.After);
        Assert.NotNull(pending.Action);
        pending.Action!();                                             // the command still waits
        now = TimeSpan.FromSeconds(30);
        progress.Waiting(0, since, TimeSpan.FromSeconds(30));          // a quiet poll, long after: drawn at once
        Assert.Null(pending.Action);
        now = TimeSpan.FromSeconds(30.1);
        progress.Waiting(0, since, TimeSpan.FromSeconds(30));
        Assert.NotNull(pending.Action);
        progress.Complete();                                           // ends: nothing left to write
        Assert.Null(pending.Action);

        string waiting = "Waiting for new events since " + since.ToLocalTime().ToString("T", System.Globalization.CultureInfo.CurrentCulture);
        Assert.Equal(new[] { $"100 of {1000:N0} events", waiting, waiting, waiting, waiting, "Done" }, reports.Select(r => r.StatusDescription));
        Assert.Same(reports[1], reports[2]);
    }

    [Fact]
    public void A_listing_that_fits_one_page_reports_nothing()
    {
        var reports = new System.Collections.Generic.List<ProgressRecord>();
        var progress = new ListingProgress(reports.Add, 1, "Listing Omise events", () => TimeSpan.Zero);

        progress.PageRead(40, 40);
        progress.Complete();

        Assert.Empty(reports);
    }
}
