using System;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Retries and timeouts through the engine, with the emulator failing on purpose and no real waiting.</summary>
public sealed class RetryTests : EngineTest
{
    private readonly WaitRecorder _waits = new();

    public RetryTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    /// <summary>Fail the first <paramref name="times"/> requests with <paramref name="fail"/>, then answer normally.</summary>
    private void FailFirst(int times, Func<HttpContext, Task> fail)
    {
        int calls = 0;
        Server.Intercept = async context =>
        {
            if (Interlocked.Increment(ref calls) > times)
            {
                return false;
            }
            await fail(context);
            return true;
        };
    }

    private static Task Status(HttpContext context, int status, string? retryAfter = null)
    {
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
        return OmiseEmulatorServer.Error(context, status, "server_error", "try again");
    }

    [Fact]
    public void A_503_is_retried_and_the_listing_is_complete_and_in_order()
    {
        var connection = _waits.Connect(Ps, Server);
        Server.Requests.Clear();
        FailFirst(2, c => Status(c, 503));

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 250 -Verbose", connection);

        result.AssertClean();
        Assert.Equal(Server.TestLog.Visible().Take(250).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        Assert.Equal(5, Server.Requests.Count);
        var retries = result.Verbose.Where(v => v.Message.StartsWith("Retry ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("Retry 1 of 5", retries[0].Message);
        Assert.Contains("HTTP 503", retries[0].Message);
        Assert.InRange(_waits.Waits[0].TotalSeconds, 0.5, 1.0);
        Assert.InRange(_waits.Waits[1].TotalSeconds, 1.0, 2.0);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public void Other_transient_statuses_are_retried(int status)
    {
        var connection = _waits.Connect(Ps, Server);
        FailFirst(1, c => Status(c, status));

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 5", connection);

        result.AssertClean();
        Assert.Equal(5, result.Objects<Event>().Count);
        Assert.Single(_waits.Waits);
    }

    [Fact]
    public void Retry_after_seconds_are_waited_as_asked()
    {
        var connection = _waits.Connect(Ps, Server);
        FailFirst(1, c => Status(c, 429, retryAfter: "7"));

        Ps.Run("Get-OmiseEvent -Connection $args[0] -First 5", connection).AssertClean();

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.Single(_waits.Waits));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    public void Client_errors_are_not_retried(int status)
    {
        var connection = _waits.Connect(Ps, Server);
        Server.Requests.Clear();
        FailFirst(1, c => Status(c, status));

        var record = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 5", connection).TerminatingRecord;

        Assert.Equal("OmiseApiError,OmiseEvents.Commands.GetOmiseEventCommand", record.FullyQualifiedErrorId);
        Assert.Equal(status, ((OmiseApiException)record.Exception).StatusCode);
        Assert.Equal(1, Server.Requests.Count);
        Assert.Empty(_waits.Waits);
    }

    [Fact]
    public void A_404_for_an_id_is_not_retried()
    {
        var connection = _waits.Connect(Ps, Server);
        Server.Requests.Clear();

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -Id evnt_test_0000000000000000000", connection);

        Assert.Equal("EventNotFound,OmiseEvents.Commands.GetOmiseEventCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(1, Server.Requests.Count);
    }

    [Fact]
    public void When_retries_run_out_the_error_is_the_last_failure_and_terminating()
    {
        var connection = _waits.Connect(Ps, Server, "-MaximumRetryCount 2");
        Server.Requests.Clear();
        FailFirst(int.MaxValue, c => Status(c, 503));

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0]", connection);

        var record = result.TerminatingRecord;
        Assert.Equal("OmiseApiError,OmiseEvents.Commands.GetOmiseEventCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceUnavailable, record.CategoryInfo.Category);
        Assert.Equal(3, Server.Requests.Count);
        Assert.Equal(2, _waits.Waits.Count);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_body_slower_than_the_timeout_is_an_OperationTimeout_error()
    {
        var connection = _waits.Connect(Ps, Server, "-TimeoutSec 1 -MaximumRetryCount 1");
        Server.Requests.Clear();
        Server.Faults = new FaultPlan(seed: 1, rate: 1, new System.Collections.Generic.Dictionary<FaultKind, double> { [FaultKind.SlowBody] = 1 });
        try
        {
            var record = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 5", connection).TerminatingRecord;

            Assert.Equal("OmiseRequestTimeout,OmiseEvents.Commands.GetOmiseEventCommand", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, record.CategoryInfo.Category);
            Assert.IsType<TimeoutException>(record.Exception);
            Assert.Equal(2, Server.Requests.Count);
        }
        finally
        {
            Server.Faults = null;
        }
    }

    [Fact]
    public void Connect_Omise_exposes_the_retry_and_timeout_settings()
    {
        var result = Ps.Connect(Server, extra: "-PassThru -MaxRetries 3 -RequestTimeout 15");

        var connection = (OmiseConnection)Assert.Single(result.Output).BaseObject;
        Assert.Equal(3, connection.MaximumRetryCount);
        Assert.Equal(TimeSpan.FromSeconds(15), connection.RequestTimeout);
    }
}
