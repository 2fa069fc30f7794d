using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Read-ahead: pages requested at once, events still written in order, early stops still cheap.</summary>
public sealed class ConcurrencyTests : EngineTest
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrencyTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    private OmiseConnection Connect(int maxConcurrency) =>
        (OmiseConnection)Ps.Connect(Server, extra: $"-PassThru -MaxConcurrency {maxConcurrency}").Output.Single().BaseObject;

    /// <summary>Holds each request for a latency that varies by offset, so answers finish out of order, and counts overlap.</summary>
    private void ScrambledLatency(Func<HttpContext, Task<bool>>? then = null) => Server.Intercept = async context =>
    {
        int now = Interlocked.Increment(ref _inFlight);
        int max;
        while ((max = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }
        int offset = int.TryParse(context.Request.Query["offset"], out int o) ? o : 0;
        await Task.Delay(5 + (offset / 10 * 7 % 4) * 10);
        Interlocked.Decrement(ref _inFlight);
        return then is not null && await then(context);
    };

    [Fact]
    public void Pages_answered_out_of_order_are_written_in_order_and_complete()
    {
        var connection = Connect(8);
        Server.Requests.Clear();
        ScrambledLatency();

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -PageSize 10", connection);

        result.AssertClean();
        Assert.Equal(Server.TestLog.Visible().Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(Pages.For(2500, 10), Server.Requests.Count);
        Assert.InRange(_maxInFlight, 2, 8);
    }

    [Fact]
    public void Concurrency_is_bounded_by_MaxConcurrency()
    {
        var connection = Connect(3);
        ScrambledLatency();

        Ps.Run("Get-OmiseEvent -Connection $args[0] -PageSize 10 -First 600", connection).AssertClean();

        Assert.InRange(_maxInFlight, 2, 3);
    }

    [Fact]
    public void First_plans_no_page_beyond_need()
    {
        var connection = Connect(8);
        Server.Requests.Clear();

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 250", connection);

        Assert.Equal(250, result.Objects<Event>().Count);
        Assert.Equal(new[] { "100", "100", "52" }, Server.Requests.Snapshot().OrderBy(r => int.Parse(r.Query["offset"])).Select(r => r.Query["limit"]));
    }

    [Fact]
    public void A_downstream_stop_mid_listing_requests_at_most_the_window_and_cancels_it()
    {
        var connection = Connect(4);
        Server.Requests.Clear();
        ScrambledLatency();

        var result = Ps.Run("param($c) do { Get-OmiseEvent -Connection $c | ForEach-Object { $_; if (++$n -eq 150) { break } } } while ($false)", connection);

        result.AssertClean();
        Assert.Equal(Server.TestLog.Visible().Take(150).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        // The first page, then at most four read ahead when the consumer came back for the second.
        Assert.InRange(Server.Requests.Count, 2, 5);
    }

    [Fact]
    public void A_429_halves_the_read_ahead_for_the_rest_of_the_listing()
    {
        var waits = new WaitRecorder();
        var connection = waits.Connect(Ps, Server, "-MaxConcurrency 8");
        int rateLimited = 0;
        ScrambledLatency(async context =>
        {
            if (context.Request.Query["offset"] == "297" && Interlocked.Exchange(ref rateLimited, 1) == 0)
            {
                context.Response.Headers.RetryAfter = "0";
                await OmiseEmulator.OmiseEmulatorServer.Error(context, 429, "rate_limit_exceeded", "slow down");
                return true;
            }
            return false;
        });

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -PageSize 100 -Verbose", connection);

        result.AssertClean();
        Assert.Equal(Server.TestLog.Visible().Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        Assert.Contains(result.Verbose, v => v.Message == "Rate limited: at most 4 request(s) at a time for the rest of this listing.");
    }
}
