using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using OmiseEvents.Session;
using OmiseEvents.Webhooks;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Send-OmiseWebhook through the hosted engine: events from the emulator replayed to a receiver
/// that records every request byte for byte and checks its signature with its own code.
/// Signing time comes from a clock of the test's, never the real one.
/// </summary>
public sealed class WebhookReplayTests : EngineTest
{
    private static readonly DateTime SigningStart = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
    private readonly WebhookReceiver _receiver = WebhookReceiver.StartAsync().GetAwaiter().GetResult();
    private readonly SteppingClock _clock = new(SigningStart, TimeSpan.FromSeconds(1));

    public WebhookReplayTests(EmulatorFixture emulator) : base(emulator) => RunspaceState.Of(Ps.Runspace).WebhookClock = _clock;

    public override void Dispose()
    {
        _receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    private static System.Security.SecureString Secret => PowerShellSession.Secure(WebhookReceiver.Secret);

    private byte[] PayloadOf(string id) => Server.TestLog.Visible().Single(e => e.Id == id).Payload;

    private static long Unix(DateTime t) => (long)(t - DateTime.UnixEpoch).TotalSeconds;

    [Fact]
    public void Every_replayed_event_arrives_byte_for_byte_validly_signed_and_in_order()
    {
        // The oldest events, in an API version before deliveries were recorded, and the newest, in 2019-05-29.
        var result = Ps.Run("@(Get-OmiseEvent -First 10) + @(Get-OmiseEvent -Order ReverseChronological -First 30) | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]",
            _receiver.Uri, Secret);

        result.AssertClean();
        Assert.Empty(result.Warnings);
        var visible = Server.TestLog.Visible();
        var sent = visible.Take(10).Concat(visible.Reverse().Take(30)).ToList();
        var received = _receiver.Received;
        Assert.Equal(sent.Select(e => e.Id), received.Select(r => r.EventId));
        Assert.All(received, r => Assert.True(r.SignatureValid, "a signature the receiver refused"));
        Assert.All(received, r => Assert.Equal("application/json", r.ContentType));
        Assert.Equal(sent.Select(e => e.Payload), received.Select(r => r.Body));
        // Both kinds are in the sample: events Omise delivered (their payload) and events never delivered (the event as Omise would send it).
        Assert.Contains(sent, e => e.Json.AsSpan().IndexOf("\"payload\""u8) >= 0);
        Assert.Contains(sent, e => e.Json.AsSpan().IndexOf("\"webhook_deliveries\":[]"u8) >= 0);
        Assert.Contains(sent, e => !e.IsModernShape);
        var attempts = result.Objects<WebhookAttempt>();
        Assert.Equal(sent.Select(e => (e.Id, e.Key)), attempts.Select(a => (a.EventId, a.EventKey)));
        Assert.All(attempts, a => Assert.True(a.Succeeded && a.Status == 200 && a.Signed && a.Error is null && a.Response == "ok"));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => SigningStart.AddSeconds(i)), attempts.Select(a => a.Created));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => Unix(SigningStart.AddSeconds(i)).ToString(CultureInfo.InvariantCulture)), received.Select(r => r.Timestamp));
    }

    [Fact]
    public void Ids_rows_with_an_Id_and_Id_are_looked_up_and_sent_in_input_order()
    {
        var ids = Server.TestLog.Visible().Skip(100).Take(3).Select(e => e.Id).ToArray();

        var result = Ps.Run("""
            param($uri, $secret, $ids)
            [pscustomobject]@{ Id = $ids[2] }, $ids[0] | Send-OmiseWebhook -Uri $uri -Secret $secret
            Send-OmiseWebhook -Uri $uri -Secret $secret -Id $ids[1]
            """, _receiver.Uri, Secret, ids);

        result.AssertClean();
        Assert.Equal(new[] { ids[2], ids[0], ids[1] }, _receiver.Received.Select(r => r.EventId));
        Assert.Equal(new[] { ids[2], ids[0], ids[1] }.Select(PayloadOf), _receiver.Received.Select(r => r.Body));
    }

    [Fact]
    public void Rows_of_deliveries_and_results_name_their_event_as_Get_OmiseEvent_reads_them()
    {
        // A delivery's CSV row has Id = whdl_… and EventId = evnt_…; a result of an earlier send has EventId alone.
        var ids = Server.TestLog.Visible().Skip(200).Take(3).Select(e => e.Id).ToArray();

        var result = Ps.Run("""
            param($uri, $secret, $ids)
            [pscustomobject]@{ Id = 'whdl_test_5abcdefghijklmnopqr'; EventId = $ids[0] }, [pscustomobject]@{ EventId = $ids[1] } |
                Send-OmiseWebhook -Uri $uri -Secret $secret
            Send-OmiseWebhook -Uri $uri -Secret $secret -Id ([pscustomobject]@{ Id = 'whdl_test_5abcdefghijklmnopqr'; EventId = $ids[2] })
            """, _receiver.Uri, Secret, ids);

        result.AssertClean();
        Assert.Equal(ids, _receiver.Received.Select(r => r.EventId));
    }

    [Fact]
    public void A_failed_delivery_piped_on_its_own_resends_its_event()
    {
        var e = Server.TestLog.Visible().Reverse().First(e => e.Json.AsSpan().IndexOf("\"status\":500"u8) >= 0);

        var result = Ps.Run("(Get-OmiseEvent -Id $args[2]).WebhookDeliveries | Where-Object Status -eq 500 | Select-Object -First 1 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]",
            _receiver.Uri, Secret, e.Id);

        result.AssertClean();
        Assert.Equal(e.Payload, Assert.Single(_receiver.Received).Body);
    }

    [Fact]
    public void Duplicate_2_sends_each_event_twice_each_freshly_signed()
    {
        var result = Ps.Run("Get-OmiseEvent -First 5 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -Duplicate 2", _receiver.Uri, Secret);

        result.AssertClean();
        var ids = Server.TestLog.Visible().Take(5).Select(e => e.Id).ToList();
        var received = _receiver.Received;
        Assert.Equal(ids.SelectMany(id => new[] { id, id }), received.Select(r => r.EventId));
        Assert.All(received, r => Assert.True(r.SignatureValid));
        Assert.Equal(10, received.Select(r => r.Timestamp).Distinct().Count());
        Assert.Equal(10, received.Select(r => r.Signature).Distinct().Count());
        Assert.Equal(10, result.Objects<WebhookAttempt>().Count);
    }

    [Fact]
    public void Shuffle_reorders_within_each_window_and_only_within_it()
    {
        var result = Ps.Run("Get-OmiseEvent -First 23 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -Shuffle 5 -Seed 7", _receiver.Uri, Secret);

        result.AssertClean();
        var ids = Server.TestLog.Visible().Take(23).Select(e => e.Id).ToList();
        var received = _receiver.Received.Select(r => r.EventId).ToList();
        Assert.Equal(23, received.Count);
        for (int start = 0; start < 23; start += 5)
        {
            var window = ids.Skip(start).Take(5).ToList();
            var got = received.Skip(start).Take(5).ToList();
            Assert.Equal(window.OrderBy(i => i, StringComparer.Ordinal), got.OrderBy(i => i, StringComparer.Ordinal));
            // Every event of a window moves.
            Assert.All(Enumerable.Range(0, window.Count), i => Assert.NotEqual(window[i], got[i]));
        }
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.Equal(received, result.Objects<WebhookAttempt>().Select(a => a.EventId));

        var again = Ps.Run("Get-OmiseEvent -First 23 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -Shuffle 5 -Seed 7", _receiver.Uri, Secret);
        Assert.Equal(received, again.Objects<WebhookAttempt>().Select(a => a.EventId));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(302)]
    public void A_handler_answering_500_or_302_gives_results_with_that_status_and_nothing_is_followed(int status)
    {
        _receiver.Answer = status;

        var result = Ps.Run("Get-OmiseEvent -First 3 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]", _receiver.Uri, Secret);

        result.AssertClean();
        var attempts = result.Objects<WebhookAttempt>();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal((status, false), (a.Status!.Value, a.Succeeded)));
        Assert.All(attempts, a => Assert.Equal("answer " + status, a.Response));
        Assert.Equal(3, _receiver.Received.Count);
        Assert.All(_receiver.Received, r => Assert.Equal("/omise", r.Path));
    }

    [Fact]
    public void A_refused_connection_is_a_result_and_the_rest_is_still_sent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = Ps.Run("Get-OmiseEvent -First 2 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]", new Uri($"http://127.0.0.1:{port}/omise"), Secret);

        result.AssertClean();
        var attempts = result.Objects<WebhookAttempt>();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.True(a.Status is null && !a.Succeeded && !string.IsNullOrEmpty(a.Error) && a.Response is null));
    }

    [Fact]
    public void A_handler_that_does_not_answer_in_time_is_a_result_and_the_rest_is_still_sent()
    {
        _receiver.Hold = true;

        var result = Ps.Run("Get-OmiseEvent -First 2 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -TimeoutSec 1", _receiver.Uri, Secret);

        result.AssertClean();
        var attempts = result.Objects<WebhookAttempt>();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal((null, "No answer within 1 seconds."), (a.Status, a.Error)));
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public void Stopping_the_pipeline_cancels_the_request_in_flight()
    {
        _receiver.Hold = true;
        using var ps = Ps.CreatePowerShell("Get-OmiseEvent -First 5 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]", new Dictionary<string, object?>(), _receiver.Uri, Secret);
        var running = ps.BeginInvoke();

        Assert.True(_receiver.FirstRequest.Wait(TimeSpan.FromSeconds(20)), "the first request never arrived");
        ps.Stop();

        Assert.Throws<System.Management.Automation.PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public void WhatIf_sends_nothing_and_says_what_would_be_sent()
    {
        var host = new RecordingHost(width: 120);
        using var ps = new PowerShellSession(host: host);
        ps.Connect(Server).AssertClean();

        var result = ps.Run("Get-OmiseEvent -First 3 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -WhatIf", _receiver.Uri, Secret);

        result.AssertClean();
        Assert.Empty(result.Output);
        Assert.Empty(_receiver.Received);
        var first = Server.TestLog.Visible()[0];
        Assert.Contains(host.Screen, l => l.Contains($"What if: Performing the operation \"Send webhook\" on target \"{first.Id} ({first.Key}", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_adds_headers_to_every_request()
    {
        var result = Ps.Run("Get-OmiseEvent -First 2 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -Header @{ 'X-Test-Run' = '42' }", _receiver.Uri, Secret);

        result.AssertClean();
        Assert.All(_receiver.Received, r => Assert.Equal("42", r.Headers["X-Test-Run"]));
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
    }

    [Theory]
    [InlineData("-Uri $args[0] -Secret (ConvertTo-SecureString 'not base64!' -AsPlainText -Force)", "InvalidWebhookSecret")]
    [InlineData("-Uri $args[0] -Secret $args[1] -Duplicate 0", "InvalidDuplicateCount")]
    [InlineData("-Uri $args[0] -Secret $args[1] -Shuffle 1", "InvalidShuffleWindow")]
    [InlineData("-Uri omise/webhook -Secret $args[1]", "InvalidWebhookUri")]
    [InlineData("-Uri ftp://127.0.0.1/omise -Secret $args[1]", "InvalidWebhookUri")]
    [InlineData("-Uri http://hooks.example.com/omise -Secret $args[1]", "InsecureWebhookUri")]
    [InlineData("-Uri $args[0] -Secret $args[1] -Id evnt_test_ok0000000000001, chrg_test_wrongshape", "InvalidEventId")]
    public void Bad_input_is_a_clear_error_before_anything_is_sent(string parameters, string errorId)
    {
        string pipe = parameters.Contains("-Id", StringComparison.Ordinal) ? "" : "Get-OmiseEvent -First 2 | ";

        var result = Ps.Run(pipe + "Send-OmiseWebhook " + parameters, _receiver.Uri, Secret);

        Assert.Equal(errorId + ",OmiseEvents.Commands.SendOmiseWebhookCommand", result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.NotNull(result.TerminatingRecord.TargetObject ?? result.TerminatingRecord.CategoryInfo.Category.ToString());
        Assert.Empty(result.Objects<WebhookAttempt>());
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public void Piped_ids_of_the_wrong_shape_or_unknown_are_errors_and_the_rest_is_sent()
    {
        string good = Server.TestLog.Visible()[7].Id;

        var result = Ps.Run("'evnt_test_0000000000000000000', 'nonsense', $args[2] | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]", _receiver.Uri, Secret, good);

        Assert.Equal(new[] { "EventNotFound,OmiseEvents.Commands.SendOmiseWebhookCommand", "InvalidEventId,OmiseEvents.Commands.SendOmiseWebhookCommand" },
            result.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Equal(new[] { good }, _receiver.Received.Select(r => r.EventId));
    }

    [Fact]
    public void A_live_mode_event_is_not_sent_to_another_host_without_Force()
    {
        using var live = new PowerShellSession();
        live.Connect(Server, Server.LiveKey);

        var result = live.Run("Get-OmiseEvent -First 1 | Send-OmiseWebhook -Uri https://hooks.example.com/omise -Secret $args[0]", Secret);

        Assert.Equal("LiveEventNeedsForce,OmiseEvents.Commands.SendOmiseWebhookCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_live_mode_event_may_go_to_a_loopback_handler()
    {
        using var live = new PowerShellSession();
        live.Connect(Server, Server.LiveKey);
        var first = Server.LiveLog.Visible()[0];

        var result = live.Run("Get-OmiseEvent -First 1 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]", _receiver.Uri, Secret);

        result.AssertClean();
        Assert.Equal(first.Payload, Assert.Single(_receiver.Received).Body);
    }

    [Fact]
    public void The_default_table_of_attempts_fits_120_columns()
    {
        var lines = RecordingHost.Draw(Server, "Get-OmiseEvent -Order ReverseChronological -First 30 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]", _receiver.Uri, Secret);

        Assert.Equal("Created             Status    Ms EventKey                       EventId                       Uri", lines[0]);
        Assert.Equal(32, lines.Count);
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"{l.Length} columns: {l}"));
    }
}
