using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using OmiseEvents.Session;
using OmiseEvents.Webhooks;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Live forwarding: Get-OmiseEvent -Wait piped into Send-OmiseWebhook, the local counterpart of a
/// webhook endpoint. Waits go to a fake clock, on which events arrive; signing reads the same clock.
/// </summary>
public sealed class WebhookForwardingTests : OwnEmulatorTest
{
    private readonly FakeWaitClock _clock = new();
    private OmiseConnection _connection = null!;
    private WebhookReceiver _receiver = null!;

    protected override void Connect() => _connection = _clock.Connect(Ps, Server);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
        RunspaceState.Of(Ps.Runspace).WebhookClock = _clock;
    }

    public override async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public void Events_added_while_it_runs_are_forwarded_as_they_arrive_signed_byte_for_byte()
    {
        string last = Server.TestLog.Visible()[^1].Id;
        var arrived = new List<StoredEvent>();
        var receivedAtWait = new List<int>();
        _clock.OnWait = n =>
        {
            receivedAtWait.Add(_receiver.Received.Count);
            if (n == 1)
            {
                arrived.AddRange(Server.TestLog.Append(2));
            }
            if (n == 3)
            {
                arrived.AddRange(Server.TestLog.Append(3, TimeSpan.Zero));
            }
        };

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -After $args[1] -Wait -Timeout 150 | Send-OmiseWebhook -Uri $args[2] -Secret $args[3]",
            _connection, last, _receiver.Uri, PowerShellSession.Secure(WebhookReceiver.Secret));

        result.AssertClean();
        var received = _receiver.Received;
        Assert.Equal(arrived.Select(e => e.Id), received.Select(r => r.EventId));
        Assert.Equal(arrived.Select(e => e.Payload), received.Select(r => r.Body));
        Assert.All(received, r => Assert.True(r.SignatureValid));
        // Each arrival was forwarded before the next wait: streamed, not held until the end.
        Assert.Equal(new[] { 0, 2, 2, 5, 5 }, receivedAtWait);
        // Signed at the clock's time when sent.
        Assert.Equal(result.Objects<WebhookAttempt>().Select(a => ((long)(a.Created - DateTime.UnixEpoch).TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            received.Select(r => r.Timestamp));
    }
}
