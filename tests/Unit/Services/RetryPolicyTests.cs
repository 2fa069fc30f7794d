using System;
using System.IO;
using System.Security.Authentication;
using OmiseEvents.Http;
using Xunit;

namespace OmiseEvents.Tests.Services;

public sealed class RetryPolicyTests
{
    private static OmiseApiException Status(int status, TimeSpan? retryAfter = null) => new(status, null, null, "GET /events", retryAfter);

    private static RetryPolicy Policy(int maxRetries = 5, double random = 0.5) => new(maxRetries, random: () => random);

    [Theory]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(501, false)]
    public void Only_transient_statuses_are_retried(int status, bool retried) =>
        Assert.Equal(retried, Policy().ShouldRetry(Status(status), 0, TimeSpan.Zero, out _));

    [Fact]
    public void Network_failures_timeouts_and_garbled_bodies_are_retried_wrong_shapes_are_not()
    {
        var policy = Policy();
        Assert.True(policy.ShouldRetry(new OmiseNetworkException("GET /events", "127.0.0.1:1", new IOException("reset")), 0, TimeSpan.Zero, out _));
        Assert.True(policy.ShouldRetry(new TimeoutException(), 0, TimeSpan.Zero, out _));
        Assert.True(policy.ShouldRetry(new OmiseProtocolException("truncated", "GET /events", null, isTransient: true), 0, TimeSpan.Zero, out _));
        Assert.False(policy.ShouldRetry(new OmiseProtocolException("expected a list", "GET /events"), 0, TimeSpan.Zero, out _));
        Assert.False(policy.ShouldRetry(new InvalidOperationException(), 0, TimeSpan.Zero, out _));
    }

    private static OmiseNetworkException Network(Exception inner) => new("GET /events", "127.0.0.1:1", inner);

    private static OmiseNetworkException Refused() =>
        Network(new System.Net.Http.HttpRequestException("Connection refused (127.0.0.1:1)", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

    private static OmiseNetworkException TlsFailed() =>
        Network(new System.Net.Http.HttpRequestException("The SSL connection could not be established", new AuthenticationException("Cannot determine the frame size")));

    [Fact]
    public void Refusals_and_failed_handshakes_are_retried_in_a_listing_but_end_a_connect_at_once()
    {
        Assert.Equal(NetworkFailure.ConnectionRefused, Refused().Failure);
        Assert.Equal(NetworkFailure.TlsHandshake, TlsFailed().Failure);
        Assert.Equal(NetworkFailure.Other, Network(new IOException("reset")).Failure);

        Assert.True(Policy().ShouldRetry(Refused(), 0, TimeSpan.Zero, out _));
        Assert.True(Policy().ShouldRetry(TlsFailed(), 0, TimeSpan.Zero, out _));
        Assert.False(Policy().WhenConnecting().ShouldRetry(Refused(), 0, TimeSpan.Zero, out _));
        Assert.False(Policy().WhenConnecting().ShouldRetry(TlsFailed(), 0, TimeSpan.Zero, out _));
        Assert.False(Policy().WhenConnecting().WithDelay((_, _) => System.Threading.Tasks.Task.CompletedTask).ShouldRetry(Refused(), 0, TimeSpan.Zero, out _));
        // What may pass at connect time is still retried there: a reset, a 503.
        Assert.True(Policy().WhenConnecting().ShouldRetry(Network(new IOException("reset")), 0, TimeSpan.Zero, out _));
        Assert.True(Policy().WhenConnecting().ShouldRetry(Status(503), 0, TimeSpan.Zero, out _));
    }

    [Fact]
    public void A_proxy_asking_for_credentials_is_never_retried()
    {
        Assert.False(Policy().ShouldRetry(Status(407), 0, TimeSpan.Zero, out _));
        var tunnelRefused = Network(new System.Net.Http.HttpRequestException("The proxy tunnel request failed with status code '407'.", null,
            System.Net.HttpStatusCode.ProxyAuthenticationRequired));
        Assert.Equal(NetworkFailure.ProxyAuthenticationRequired, tunnelRefused.Failure);
        Assert.False(Policy().ShouldRetry(tunnelRefused, 0, TimeSpan.Zero, out _));
    }

    [Fact]
    public void Network_messages_name_the_endpoint_and_the_cause()
    {
        Assert.Equal("GET /events failed: connection refused at 127.0.0.1:1", Refused().Message);
        Assert.Equal("GET /events failed: the TLS handshake with 127.0.0.1:1 failed (Cannot determine the frame size)", TlsFailed().Message);
        Assert.Equal("GET /events failed: reset (127.0.0.1:1)", Network(new IOException("reset")).Message);
    }

    [Theory]
    [InlineData(4.9, null, false)]
    [InlineData(5.0, null, true)]
    [InlineData(30, 4.9, false)]
    [InlineData(30, 5.0, true)]
    public void Retrying_is_warned_about_after_five_seconds_and_then_at_most_every_five(double retrying, double? sinceLastWarning, bool warned) =>
        Assert.Equal(warned, RetryPolicy.ShouldWarn(TimeSpan.FromSeconds(retrying), sinceLastWarning is double s ? TimeSpan.FromSeconds(s) : null));

    [Fact]
    public void Backoff_doubles_from_one_second_with_jitter_between_half_and_all_of_the_step()
    {
        var low = Policy(random: 0);
        var high = Policy(random: 1);
        for (int retries = 0; retries < 5; retries++)
        {
            double step = 1000 * Math.Pow(2, retries);
            low.ShouldRetry(Status(503), retries, TimeSpan.Zero, out var shortest);
            high.ShouldRetry(Status(503), retries, TimeSpan.Zero, out var longest);
            Assert.Equal(step / 2, shortest.TotalMilliseconds, 3);
            Assert.Equal(step, longest.TotalMilliseconds, 3);
        }
    }

    [Fact]
    public void Backoff_is_capped_at_thirty_seconds()
    {
        Policy(maxRetries: 20, random: 1).ShouldRetry(Status(503), 10, TimeSpan.Zero, out var delay);
        Assert.Equal(TimeSpan.FromSeconds(30), delay);
    }

    [Fact]
    public void Retry_after_is_honoured_as_asked()
    {
        Assert.True(Policy().ShouldRetry(Status(429, TimeSpan.FromSeconds(7)), 0, TimeSpan.Zero, out var delay));
        Assert.Equal(TimeSpan.FromSeconds(7), delay);
    }

    [Fact]
    public void Attempts_are_bounded()
    {
        Assert.True(Policy(maxRetries: 3).ShouldRetry(Status(503), 2, TimeSpan.Zero, out _));
        Assert.False(Policy(maxRetries: 3).ShouldRetry(Status(503), 3, TimeSpan.Zero, out _));
        Assert.False(Policy(maxRetries: 0).ShouldRetry(Status(503), 0, TimeSpan.Zero, out _));
    }

    [Fact]
    public void Total_waiting_is_bounded_at_two_minutes()
    {
        Assert.True(Policy().ShouldRetry(Status(429, TimeSpan.FromSeconds(60)), 0, TimeSpan.FromSeconds(60), out _));
        Assert.False(Policy().ShouldRetry(Status(429, TimeSpan.FromSeconds(61)), 0, TimeSpan.FromSeconds(60), out _));
        Assert.False(Policy().ShouldRetry(Status(429, TimeSpan.FromMinutes(5)), 0, TimeSpan.Zero, out _));
    }

    [Theory]
    [InlineData(".NET Framework 4.8.9232.0", SslProtocols.Tls12)]
    [InlineData(".NET 10.0.12", SslProtocols.None)]
    [InlineData(".NET 8.0.0", SslProtocols.None)]
    public void Tls_1_2_is_set_on_our_handler_only_on_dotnet_framework(string framework, SslProtocols expected) =>
        Assert.Equal(expected, OmiseApiClient.TlsProtocolsFor(framework));
}
