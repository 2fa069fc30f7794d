using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Connect-Omise's mistakes that no retry can cure end at once, naming what is likely wrong; a
/// listing still retries, and says so without -Verbose once retrying goes on for a few seconds.
/// </summary>
public sealed class ConnectFailureTests : EngineTest
{
    public ConnectFailureTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    private PsResult Connect(string baseUri) =>
        Ps.Run("Connect-Omise -SecretKey $args[0] -BaseUri $args[1] -Verbose", PowerShellSession.Secure(Server.TestKey), baseUri);

    private static void AssertNotRetried(PsResult result)
    {
        Assert.DoesNotContain(result.Verbose, v => v.Message.StartsWith("Retry ", StringComparison.Ordinal));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_port_with_nothing_listening_is_refused_at_once_naming_host_and_port()
    {
        // Bound but not listening: the port stays ours, and connecting to it is refused.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        var result = Connect($"http://127.0.0.1:{port}");

        var record = result.TerminatingRecord;
        Assert.Equal("OmiseConnectionRefused,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), record.TargetObject);
        Assert.Contains($"Nothing is listening at 127.0.0.1:{port}", record.ErrorDetails.Message);
        Assert.Contains("-BaseUri", record.ErrorDetails.RecommendedAction);
        AssertNotRetried(result);
        Assert.Empty(Ps.Run("Get-OmiseConnection").Output);
    }

    [Fact]
    public void Https_to_a_plain_http_server_fails_at_once_and_says_to_use_http()
    {
        int port = Server.BaseUri.Port;

        var result = Connect($"https://127.0.0.1:{port}");

        var record = result.TerminatingRecord;
        Assert.Equal("OmiseTlsHandshakeFailed,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ProtocolError, record.CategoryInfo.Category);
        Assert.Equal(new Uri($"https://127.0.0.1:{port}/"), record.TargetObject);
        Assert.Contains($"127.0.0.1:{port}", record.ErrorDetails.Message);
        Assert.Contains("plain http", record.ErrorDetails.Message);
        Assert.Contains($"-BaseUri http://127.0.0.1:{port}/", record.ErrorDetails.RecommendedAction);
        AssertNotRetried(result);
    }

    [Fact]
    public void A_path_in_BaseUri_that_answers_404_is_named_with_the_root_to_use()
    {
        var result = Connect(new Uri(Server.BaseUri, "api").ToString());

        var record = result.TerminatingRecord;
        Assert.Equal("BaseUriNotFound,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, record.CategoryInfo.Category);
        Assert.Contains("has a path (/api/)", record.ErrorDetails.Message);
        Assert.Contains("GET /api/events?limit=1", record.ErrorDetails.Message);
        Assert.Contains("-BaseUri " + Server.BaseUri.GetLeftPart(UriPartial.Authority), record.ErrorDetails.RecommendedAction);
        Assert.Equal("/api/events", Assert.Single(Server.Requests.Snapshot()).Path);
    }

    [Fact]
    public void A_listing_still_retries_a_refused_connection_and_its_error_names_host_and_port()
    {
        // Connected while the server listened; now nothing does (a restart), so the listing retries and then gives up.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        OmiseEvents.Session.ProtectedSecretKey.Check(PowerShellSession.Secure(Server.TestKey), out var key);
        var waits = new WaitRecorder();
        var gone = new OmiseConnection(key!, new Uri($"http://127.0.0.1:{port}/"), "2019-05-29", "tests", DateTime.UtcNow, TimeSpan.FromMinutes(1),
            new OmiseEvents.Http.RetryPolicy(2, waits.Delay));

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 5 -Verbose", gone);

        var record = result.TerminatingRecord;
        Assert.Equal("OmiseConnectionFailed,OmiseEvents.Commands.GetOmiseEventCommand", record.FullyQualifiedErrorId);
        Assert.Equal($"GET /events?order=chronological&offset=0&limit=5 failed: connection refused at 127.0.0.1:{port}", record.Exception.Message);
        Assert.Equal(2, waits.Waits.Count);
        Assert.Equal(2, result.Verbose.Count(v => v.Message.StartsWith("Retry ", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A listing against an emulator failing its first <paramref name="failures"/> requests with 503,
    /// the retries waiting on a fake clock that the client also reads the time from: 1, 2, 4, 8 s with no jitter.
    /// </summary>
    private PsResult ListThroughFailures(int failures)
    {
        var clock = new FakeWaitClock();
        var connection = Ps.ConnectPassThru(Server);
        connection = connection.WithRetry(connection.Retry.WithDelay(clock.Delay, random: () => 1)).WithClock(clock);
        int calls = 0;
        Server.Intercept = async context =>
        {
            if (Interlocked.Increment(ref calls) > failures)
            {
                return false;
            }
            await OmiseEmulatorServer.Error(context, 503, "service_unavailable", "try again");
            return true;
        };
        return Ps.Run("Get-OmiseEvent -Connection $args[0] -First 5", connection);
    }

    [Fact]
    public void Retries_of_a_listing_that_go_on_for_a_few_seconds_are_warned_about_without_Verbose()
    {
        var result = ListThroughFailures(4);

        result.AssertClean();
        Assert.Equal(Server.TestLog.Visible().Take(5).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        // Failures at 0, 1, 3 and 7 s: only the fourth has gone on past 5 s.
        var warning = Assert.Single(result.Warnings).Message;
        Assert.StartsWith("Still retrying after 7 s. Retry 4 of 5 in 8", warning);
        Assert.Contains("GET /events?", warning);
        Assert.Contains("HTTP 503", warning);
    }

    [Fact]
    public void Retries_that_end_within_a_few_seconds_stay_in_Verbose()
    {
        var result = ListThroughFailures(3);

        result.AssertClean();
        Assert.Equal(5, result.Objects<Event>().Count);
        Assert.Empty(result.Warnings);
    }
}
