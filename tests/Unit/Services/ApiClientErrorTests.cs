using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using OmiseEmulator;
using OmiseEvents.Http;
using OmiseEvents.Json;
using OmiseEvents.Session;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Services;

/// <summary>The HTTP client against the real emulator, answering with what servers and proxies really send.</summary>
public sealed class ApiClientErrorTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private sealed class NoLog : IRequestLog
    {
        public void Verbose(string message) { }
        public void Debug(string message) { }
        public void Warning(string message) { }
    }

    private readonly EmulatorFixture _emulator;

    public ApiClientErrorTests(EmulatorFixture emulator) => _emulator = emulator;

    private OmiseEmulatorServer Server => _emulator.Server;

    public void Dispose() => Server.Intercept = null;

    private OmiseApiClient Client(Uri? baseUri = null)
    {
        ProtectedSecretKey.Check(PowerShellSession.Secure(Server.TestKey), out var secret);
        // One attempt: these tests are about how a single answer is read. Retries have their own tests.
        var connection = new OmiseConnection(secret!, baseUri ?? Server.BaseUri, "2019-05-29", "tests", DateTime.UtcNow, TimeSpan.FromMinutes(1), new RetryPolicy(0));
        return new OmiseApiClient(connection, new NoLog());
    }

    private Task<EventPage> List(OmiseApiClient client) =>
        client.GetAsync("events?limit=5", body => EventReader.ReadPage(body.Json), CancellationToken.None);

    private void Answer(int status, string contentType, string body) => Server.Intercept = async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body);
        return true;
    };

    [Fact]
    public async Task Omise_errors_carry_status_code_and_message()
    {
        var e = await Assert.ThrowsAsync<OmiseApiException>(() => Client().GetAsync("events?limit=0", body => body.Length, CancellationToken.None));

        Assert.Equal(400, e.StatusCode);
        Assert.Equal("invalid_page", e.ErrorCode);
        Assert.Equal("limit must be a positive integer", e.ApiMessage);
        Assert.Equal("GET /events?limit=0", e.Request);
        Assert.Contains("invalid_page", e.Message);
    }

    [Fact]
    public async Task An_html_502_from_a_proxy_is_an_api_error_not_a_crash()
    {
        Answer(502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>");

        var e = await Assert.ThrowsAsync<OmiseApiException>(() => List(Client()));

        Assert.Equal(502, e.StatusCode);
        Assert.Null(e.ErrorCode);
        Assert.Equal("BadGateway", e.ApiMessage);
    }

    [Fact]
    public async Task Retry_after_is_read_from_the_header()
    {
        Server.Intercept = async context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "7";
            await context.Response.WriteAsync("""{"object":"error","code":"rate_limit","message":"slow down"}""");
            return true;
        };

        var e = await Assert.ThrowsAsync<OmiseApiException>(() => List(Client()));

        Assert.Equal(429, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Equal("rate_limit", e.ErrorCode);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_the_time_until_that_date()
    {
        Server.Intercept = async context =>
        {
            context.Response.StatusCode = 503;
            context.Response.Headers.RetryAfter = DateTimeOffset.UtcNow.AddSeconds(30).ToString("R");
            await context.Response.WriteAsync("<html>down for maintenance</html>");
            return true;
        };

        var e = await Assert.ThrowsAsync<OmiseApiException>(() => List(Client()));

        // HTTP-dates have whole seconds, so the wait is a little under 30 s.
        Assert.InRange(e.RetryAfter!.Value.TotalSeconds, 25, 30);
    }

    [Theory]
    [InlineData("<html>maintenance</html>", "not valid JSON")]
    [InlineData("""{"object":"list","data":[{"object":"event","id":"evnt_te""", "not valid JSON")]
    [InlineData("""{"object":"customer","id":"cust_1"}""", "expected object \"list\"")]
    [InlineData("""{"object":"list","data":[{"object":"event","id":"evnt_1","key":"k","created_at":"2020-01-01T00:00:00Z"}]}""", "no total")]
    public async Task A_200_that_is_not_a_list_is_a_protocol_error(string body, string problem)
    {
        Answer(200, "application/json", body);

        var e = await Assert.ThrowsAsync<OmiseProtocolException>(() => List(Client()));

        Assert.Contains(problem, e.Message);
        Assert.Contains("GET /events?limit=5", e.Message);
    }

    [Fact]
    public async Task A_refused_connection_is_a_network_error()
    {
        // Bound but not listening: the port stays ours, and connecting to it is refused.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        int port = ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;

        var e = await Assert.ThrowsAsync<OmiseNetworkException>(() =>
            Client(new Uri($"http://127.0.0.1:{port}/")).GetAsync("events", body => body.Length, CancellationToken.None));

        Assert.Contains("GET /events failed", e.Message);
    }

    [Fact]
    public async Task A_body_cut_off_mid_way_is_not_taken_for_a_page()
    {
        Server.Intercept = async context =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentLength = 5000;
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("""{"object":"list","data":[{"object":"event","""));
            await context.Response.Body.FlushAsync();
            context.Abort();
            return true;
        };

        var e = await Assert.ThrowsAnyAsync<OmiseException>(() => List(Client()));

        Assert.True(e is OmiseNetworkException or OmiseProtocolException, e.GetType().Name);
    }
}
