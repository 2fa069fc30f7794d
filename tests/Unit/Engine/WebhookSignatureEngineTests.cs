using System;
using System.Globalization;
using System.Linq;
using System.Text;
using OmiseEvents.Tests.Infrastructure;
using OmiseEvents.Session;
using OmiseEvents.Webhooks;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Test-OmiseWebhookSignature, and where the secret comes from. Every test that reads or sets
/// $env:OMISE_WEBHOOK_SECRET is in this class, whose tests run one at a time, and sets it only inside its script.
/// </summary>
public sealed class WebhookSignatureEngineTests : EngineTest
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
    private readonly WebhookReceiver _receiver = WebhookReceiver.StartAsync().GetAwaiter().GetResult();

    public WebhookSignatureEngineTests(EmulatorFixture emulator) : base(emulator) =>
        RunspaceState.Of(Ps.Runspace).WebhookClock = new SteppingClock(Now, TimeSpan.Zero);

    public override void Dispose()
    {
        _receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose();
    }

    private static System.Security.SecureString Secret => PowerShellSession.Secure(WebhookReceiver.Secret);

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\n  \"object\": \"event\",\n  \"id\": \"evnt_test_5xyz\"\n}\n");

    private static string At(int secondsFromNow) => ((long)(Now.AddSeconds(secondsFromNow) - DateTime.UnixEpoch).TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private object? Check(object body, string signature, string timestamp, string secret = WebhookReceiver.Secret, string extra = "")
    {
        var result = Ps.Run($"Test-OmiseWebhookSignature -Body $args[0] -Signature $args[1] -Timestamp $args[2] -Secret $args[3] {extra}",
            body, signature, timestamp, PowerShellSession.Secure(secret));
        result.AssertClean();
        return Assert.Single(result.Output).BaseObject;
    }

    [Fact]
    public void A_genuine_signature_is_accepted_as_bytes_or_text_and_as_one_of_two()
    {
        string ts = At(-60);
        string genuine = WebhookReceiver.Sign(WebhookReceiver.Secret, ts, Body);
        string other = WebhookReceiver.Sign("b2xkLXNlY3JldA==", ts, Body);

        Assert.Equal(true, Check(Body, genuine, ts));
        Assert.Equal(true, Check(Encoding.UTF8.GetString(Body), genuine, ts));
        Assert.Equal(true, Check(Body, other + ", " + genuine, ts));
        Assert.Equal(true, Check(Body, genuine + "," + other, ts));
    }

    [Fact]
    public void A_tampered_body_a_wrong_secret_and_a_stale_timestamp_are_refused_with_their_reasons()
    {
        string ts = At(0);
        string genuine = WebhookReceiver.Sign(WebhookReceiver.Secret, ts, Body);
        var tampered = Body.ToArray();
        tampered[10] ^= 1;
        string stale = At(-301);

        Assert.Equal(false, Check(tampered, genuine, ts));
        Assert.Equal(false, Check(Body, genuine, ts, secret: "b2xkLXNlY3JldA=="));
        Assert.Equal(false, Check(Body, WebhookReceiver.Sign(WebhookReceiver.Secret, stale, Body), stale));
        Assert.Equal(true, Check(Body, WebhookReceiver.Sign(WebhookReceiver.Secret, stale, Body), stale, extra: "-ToleranceSec 600"));

        var detailed = (WebhookSignatureCheck)Check(Body, WebhookReceiver.Sign(WebhookReceiver.Secret, stale, Body), stale, extra: "-Detailed")!;
        Assert.Equal((WebhookSignatureResult.TimestampOutsideTolerance, TimeSpan.FromSeconds(301)), (detailed.Result, detailed.Age!.Value));
        Assert.Equal(WebhookSignatureResult.Mismatch, ((WebhookSignatureCheck)Check(tampered, genuine, ts, extra: "-Detailed")!).Result);
        Assert.Equal(WebhookSignatureResult.Valid, ((WebhookSignatureCheck)Check(Body, genuine, ts, extra: "-Detailed")!).Result);
    }

    [Fact]
    public void What_Send_OmiseWebhook_signs_Test_OmiseWebhookSignature_accepts()
    {
        Ps.Run("Get-OmiseEvent -First 1 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1]", _receiver.Uri, Secret).AssertClean();
        var received = Assert.Single(_receiver.Received);

        Assert.True(received.SignatureValid);
        Assert.Equal(true, Check(received.Body, received.Signature!, received.Timestamp!));
    }

    [Fact]
    public void The_environment_secret_signs_and_verifies()
    {
        var result = Ps.Run("""
            param($uri, $secret)
            $env:OMISE_WEBHOOK_SECRET = $secret
            try {
                Get-OmiseEvent -First 3 | Send-OmiseWebhook -Uri $uri -Verbose
            } finally { Remove-Item Env:OMISE_WEBHOOK_SECRET }
            """, _receiver.Uri, WebhookReceiver.Secret);

        result.AssertClean();
        Assert.Empty(result.Warnings);
        Assert.Contains(result.Verbose, v => v.Message == "Using the webhook secret in $env:OMISE_WEBHOOK_SECRET.");
        Assert.Equal(3, _receiver.Received.Count);
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
        Assert.All(result.Objects<WebhookAttempt>(), a => Assert.True(a.Signed));

        var received = _receiver.Received[0];
        var verified = Ps.Run("""
            param($body, $signature, $timestamp, $secret)
            $env:OMISE_WEBHOOK_SECRET = $secret
            try { Test-OmiseWebhookSignature -Body $body -Signature $signature -Timestamp $timestamp } finally { Remove-Item Env:OMISE_WEBHOOK_SECRET }
            """, received.Body, received.Signature, received.Timestamp, WebhookReceiver.Secret);
        verified.AssertClean();
        Assert.Equal(true, Assert.Single(verified.Output).BaseObject);
    }

    [Fact]
    public void Without_a_secret_events_go_unsigned_with_one_warning()
    {
        var result = Ps.Run("Get-OmiseEvent -First 3 | Send-OmiseWebhook -Uri $args[0]", _receiver.Uri);

        result.AssertClean();
        Assert.Single(result.Warnings);
        Assert.Equal(3, _receiver.Received.Count);
        Assert.All(_receiver.Received, r => Assert.True(r.Signature is null && r.Timestamp is null));
        Assert.All(result.Objects<WebhookAttempt>(), a => Assert.False(a.Signed));
    }

    [Fact]
    public void An_environment_secret_that_is_not_base64_stops_before_anything_is_sent()
    {
        var result = Ps.Run("""
            $env:OMISE_WEBHOOK_SECRET = 'whsec not base64'
            try { Get-OmiseEvent -First 3 | Send-OmiseWebhook -Uri $args[0] } finally { Remove-Item Env:OMISE_WEBHOOK_SECRET }
            """, _receiver.Uri);

        Assert.Equal("InvalidWebhookSecret,OmiseEvents.Commands.SendOmiseWebhookCommand", result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.Contains("$env:OMISE_WEBHOOK_SECRET", result.TerminatingRecord.ErrorDetails.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec", result.TerminatingRecord.ToString() + result.TerminatingRecord.ErrorDetails.RecommendedAction + result.TerminatingRecord.Exception, StringComparison.Ordinal);
        Assert.Empty(_receiver.Received);
    }

    [Theory]
    [InlineData("Test-OmiseWebhookSignature -Body 'x' -Signature 'ab' -Timestamp '1'", "WebhookSecretRequired")]
    [InlineData("Test-OmiseWebhookSignature -Body 'x' -Signature 'ab' -Timestamp '1' -Secret (ConvertTo-SecureString '***' -AsPlainText -Force)", "InvalidWebhookSecret")]
    [InlineData("Test-OmiseWebhookSignature -Body 42 -Signature 'ab' -Timestamp '1' -Secret (ConvertTo-SecureString 'c2VjcmV0' -AsPlainText -Force)", "InvalidWebhookBody")]
    public void Test_OmiseWebhookSignature_refuses_what_it_cannot_check(string script, string errorId)
    {
        var result = Ps.Run(script);

        Assert.Equal(errorId + ",OmiseEvents.Commands.TestOmiseWebhookSignatureCommand", result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }
}
