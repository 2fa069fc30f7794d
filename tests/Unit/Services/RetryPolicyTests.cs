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
        Assert.True(policy.ShouldRetry(new OmiseNetworkException("GET /events", new IOException("reset")), 0, TimeSpan.Zero, out _));
        Assert.True(policy.ShouldRetry(new TimeoutException(), 0, TimeSpan.Zero, out _));
        Assert.True(policy.ShouldRetry(new OmiseProtocolException("truncated", "GET /events", null, isTransient: true), 0, TimeSpan.Zero, out _));
        Assert.False(policy.ShouldRetry(new OmiseProtocolException("expected a list", "GET /events"), 0, TimeSpan.Zero, out _));
        Assert.False(policy.ShouldRetry(new InvalidOperationException(), 0, TimeSpan.Zero, out _));
    }

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
