using System;
using System.Linq;
using System.Text;
using OmiseEvents.Webhooks;
using Xunit;

namespace OmiseEvents.Tests.Services;

/// <summary>The signing scheme on its own, against vectors computed outside this code (Python's hmac, and the test receiver's HMAC).</summary>
public sealed class WebhookSignatureTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("secret-key-for-tests"); // base64: c2VjcmV0LWtleS1mb3ItdGVzdHM=
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"id\":\"evnt_test_1\"}\n");
    // python3: hmac.new(b"secret-key-for-tests", b"1700000000." + body, hashlib.sha256).hexdigest()
    private const string Known = "79d32e23e9d2ae3bdcda7053d52ac804197b42a045cc08994aa7579069a7ecc2";
    private static readonly DateTime At = DateTime.UnixEpoch.AddSeconds(1700000000);

    [Fact]
    public void Signs_as_the_known_vector_says()
    {
        Assert.Equal(Known, WebhookSignature.Sign(Key, "1700000000", Body));
        Assert.Equal(Infrastructure.WebhookReceiver.Sign(Infrastructure.WebhookReceiver.Secret, "1700000000", Body), WebhookSignature.Sign(Key, "1700000000", Body));
    }

    [Fact]
    public void The_timestamp_is_Unix_seconds()
    {
        Assert.Equal("1700000000", WebhookSignature.Timestamp(At.AddMilliseconds(999)));
    }

    [Theory]
    [InlineData(Known, "1700000000", 0, WebhookSignatureResult.Valid)]
    [InlineData(" 00ff, " + Known + " ", "1700000000", 0, WebhookSignatureResult.Valid)]
    [InlineData(Known, "1700000000", 300, WebhookSignatureResult.Valid)]
    [InlineData(Known, "1700000000", -300, WebhookSignatureResult.Valid)]
    [InlineData(Known, "1700000000", 301, WebhookSignatureResult.TimestampOutsideTolerance)]
    [InlineData(Known, "1700000000", -301, WebhookSignatureResult.TimestampOutsideTolerance)]
    [InlineData(Known, "1700000001", 0, WebhookSignatureResult.Mismatch)]
    [InlineData("79D32E23E9D2AE3BDCDA7053D52AC804197B42A045CC08994AA7579069A7ECC2", "1700000000", 0, WebhookSignatureResult.Mismatch)]
    [InlineData("", "1700000000", 0, WebhookSignatureResult.MissingSignature)]
    [InlineData(Known, "", 0, WebhookSignatureResult.MalformedTimestamp)]
    [InlineData(Known, "1.7e9", 0, WebhookSignatureResult.MalformedTimestamp)]
    [InlineData(Known, "-5", 0, WebhookSignatureResult.MalformedTimestamp)]
    [InlineData(Known, "99999999999999999999", 0, WebhookSignatureResult.MalformedTimestamp)]
    public void Verifies_signature_timestamp_and_tolerance(string signature, string timestamp, int secondsLater, WebhookSignatureResult expected)
    {
        var check = WebhookSignature.Verify(Key, Body, signature, timestamp, At.AddSeconds(secondsLater), TimeSpan.FromMinutes(5));

        Assert.Equal(expected, check.Result);
        Assert.Equal(expected == WebhookSignatureResult.Valid, check.IsValid);
    }

    [Fact]
    public void A_tampered_body_or_another_key_does_not_match()
    {
        var tampered = Body.ToArray();
        tampered[^2] ^= 1;

        Assert.Equal(WebhookSignatureResult.Mismatch, WebhookSignature.Verify(Key, tampered, Known, "1700000000", At, TimeSpan.FromMinutes(5)).Result);
        Assert.Equal(WebhookSignatureResult.Mismatch, WebhookSignature.Verify(Encoding.ASCII.GetBytes("another-key"), Body, Known, "1700000000", At, TimeSpan.FromMinutes(5)).Result);
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "ab", false)]
    [InlineData("", "", true)]
    public void FixedTimeEquals_is_equality(string left, string right, bool equal)
    {
        Assert.Equal(equal, WebhookSignature.FixedTimeEquals(Encoding.ASCII.GetBytes(left), Encoding.ASCII.GetBytes(right)));
    }
}
