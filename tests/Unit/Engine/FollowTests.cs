using System;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// -Wait: following new events. Waits go to a fake clock, so no test sleeps; events "arrive" when
/// the clock is waited on. Each test changes the log, so each gets its own emulator.
/// </summary>
public sealed class FollowTests : OwnEmulatorTest
{
    private readonly FakeWaitClock _clock = new();
    private OmiseConnection _connection = null!;

    protected override void Connect() => _connection = _clock.Connect(Ps, Server);

    private string LastId => Server.TestLog.Visible()[^1].Id;

    [Fact]
    public void Following_writes_new_events_as_they_arrive_and_a_quiet_poll_is_one_request()
    {
        var arrived = new System.Collections.Generic.List<StoredEvent>();
        int requestsBeforeQuietPoll = 0, requestsAfterQuietPoll = 0;
        _clock.OnWait = n =>
        {
            if (n == 1)
            {
                requestsBeforeQuietPoll = Server.Requests.Count;
            }
            if (n == 2)
            {
                requestsAfterQuietPoll = Server.Requests.Count;
                // Some in the second of the last event written, some later.
                arrived.AddRange(Server.TestLog.Append(3, TimeSpan.Zero));
                arrived.AddRange(Server.TestLog.Append(4));
            }
        };

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -After $args[1] -Wait -Timeout 100", _connection, LastId);

        result.AssertClean();
        Assert.Equal(arrived.Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(1, requestsAfterQuietPoll - requestsBeforeQuietPoll);
        // Every 30 s by default, and the last wait only up to -Timeout.
        Assert.Equal(new[] { 30.0, 30, 30, 10 }, _clock.Waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public void A_charge_followed_for_its_completion_returns_as_soon_as_it_completes()
    {
        string charge = Server.TestLog.ChargeIds.Last();
        StoredEvent? completion = null;
        _clock.OnWait = n =>
        {
            if (n == 1)
            {
                Server.TestLog.Append(2, TimeSpan.FromSeconds(1), "charge.update", charge);
            }
            if (n == 3)
            {
                completion = Server.TestLog.Append(1, TimeSpan.FromSeconds(1), "charge.complete", charge).Single();
            }
        };

        // The hosted engine has no Select-Object; a break in the next command stops the pipeline the same way.
        var result = Ps.Run("""
            param($c, $charge)
            do { Get-OmiseChargeEvent -Connection $c -ChargeId $charge -Wait -Key charge.complete -Timeout 120 | ForEach-Object { $_; break } } while ($false)
            """, _connection, charge);

        result.AssertClean();
        Assert.Equal(completion!.Id, Assert.Single(result.Objects<Event>()).Id);
        Assert.Equal(3, _clock.Waits.Count);
    }

    [Fact]
    public void First_ends_a_follow_once_enough_events_arrived()
    {
        _clock.OnWait = n => Server.TestLog.Append(2);

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -After $args[1] -Wait -First 5 -PollInterval 5", _connection, LastId);

        result.AssertClean();
        Assert.Equal(5, result.Objects<Event>().Count);
        Assert.All(_clock.Waits, w => Assert.Equal(TimeSpan.FromSeconds(5), w));
        Assert.Equal(3, _clock.Waits.Count);
    }

    [Fact]
    public void Waiting_shows_progress_saying_since_when()
    {
        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -After $args[1] -Wait -Timeout 60", _connection, LastId);

        result.AssertClean();
        var waiting = result.Progress.Where(p => p.StatusDescription.StartsWith("Waiting for new events since", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(waiting);
        Assert.Contains(_clock.UtcNow.AddSeconds(-60).ToLocalTime().ToString("T", System.Globalization.CultureInfo.CurrentCulture), waiting[0].StatusDescription);
        Assert.Equal(ProgressRecordType.Completed, result.Progress[^1].RecordType);
    }

    /// <summary>
    /// The console host draws a progress record only when its 200 ms timer has ticked since it last
    /// drew one: a waiting record written just after a page record stays undrawn for the whole wait.
    /// So the page that catches up is reported by one record, the waiting one, and it is the last
    /// record written before each wait.
    /// </summary>
    [Fact]
    public void Each_wait_is_preceded_by_one_progress_record_that_says_waiting_and_since_when()
    {
        var start = _clock.UtcNow;
        var writtenBeforeWait = new System.Collections.Generic.List<ProgressRecord[]>();
        using var ps = Ps.CreatePowerShell("Get-OmiseEvent -Connection $args[0] -After $args[1] -Wait -Timeout 90",
            new System.Collections.Generic.Dictionary<string, object?>(), _connection, LastId);
        int seen = 0;
        _clock.OnWait = n =>
        {
            var all = ps.Streams.Progress.ToArray();
            writtenBeforeWait.Add(all[seen..]);
            seen = all.Length;
            if (n == 1)
            {
                Server.TestLog.Append(2);
            }
        };

        var result = PowerShellSession.Invoke(ps);

        result.AssertClean();
        Assert.Equal(2, result.Objects<Event>().Count);
        // Caught up at the start; two events at the first poll, so waiting since then; nothing at the second.
        var since = new[] { start, start.AddSeconds(30), start.AddSeconds(30) };
        Assert.Equal(since.Length, writtenBeforeWait.Count);
        for (int i = 0; i < since.Length; i++)
        {
            var record = Assert.Single(writtenBeforeWait[i]);
            Assert.Equal("Waiting for new events since " + since[i].ToLocalTime().ToString("T", System.Globalization.CultureInfo.CurrentCulture),
                record.StatusDescription);
            Assert.Equal(ProgressRecordType.Processing, record.RecordType);
        }
        Assert.Equal(ProgressRecordType.Completed, result.Progress[^1].RecordType);
    }

    [Fact]
    public void A_failure_that_outlasts_the_retries_ends_the_follow_with_that_error()
    {
        var retries = new WaitRecorder();
        var connection = retries.Connect(Ps, Server, "-MaximumRetryCount 2").WithClock(_clock);
        _clock.OnWait = n =>
        {
            if (n == 2)
            {
                Server.Intercept = async context =>
                {
                    await OmiseEmulatorServer.Error(context, 503, "service_unavailable", "down for maintenance");
                    return true;
                };
            }
        };

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -After $args[1] -Wait", connection, LastId);

        Assert.Equal("OmiseApiError,OmiseEvents.Commands.GetOmiseEventCommand", result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.Equal(2, retries.Waits.Count);
        Assert.Equal(2, _clock.Waits.Count);
    }

    [Fact]
    public void Events_added_through_the_control_endpoint_are_followed()
    {
        _clock.OnWait = n =>
        {
            if (n == 1)
            {
                using var http = new System.Net.Http.HttpClient();
                http.PostAsync(new Uri(Server.BaseUri, OmiseEmulatorServer.ControlPath + "?count=3&spacing=0"), null).Result.EnsureSuccessStatusCode();
            }
        };

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -After $args[1] -Wait -Timeout 60", _connection, LastId);

        result.AssertClean();
        Assert.Equal(Server.TestLog.Visible().TakeLast(3).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
    }

    [Theory]
    [InlineData("Get-OmiseEvent -Wait -Order ReverseChronological", "IncompatibleParameters,OmiseEvents.Commands.GetOmiseEventCommand")]
    [InlineData("Get-OmiseEvent -PollInterval 10", "IncompatibleParameters,OmiseEvents.Commands.GetOmiseEventCommand")]
    [InlineData("Get-OmiseEvent -Timeout 10", "IncompatibleParameters,OmiseEvents.Commands.GetOmiseEventCommand")]
    [InlineData("Get-OmiseEvent -Wait -PollInterval 4", "ParameterArgumentValidationError,OmiseEvents.Commands.GetOmiseEventCommand")]
    public void Wait_refuses_what_it_cannot_do(string script, string errorId)
    {
        var result = Ps.Run(script);

        Assert.Equal(errorId, result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
        Assert.Empty(Server.Requests.Snapshot());
    }
}
