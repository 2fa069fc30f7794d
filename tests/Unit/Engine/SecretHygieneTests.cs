using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Microsoft.AspNetCore.Http;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>The secret key never shows: not in any stream, error, exception, verbose or debug line, ToString or serialised object.</summary>
public sealed class SecretHygieneTests : EngineTest
{
    public SecretHygieneTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    /// <summary>Everything a user, a log or a transcript could see of one run.</summary>
    private static IEnumerable<string> Everything(PsResult result)
    {
        // A $null in the output (a connection's Proxy without -Proxy) shows nothing.
        foreach (var o in result.Output.Where(o => o is not null))
        {
            yield return o.ToString();
            yield return PSSerializer.Serialize(o, 4);
            foreach (var p in o.Properties)
            {
                yield return $"{p.Name}={p.Value}";
            }
        }
        var records = result.Errors.ToList();
        if (result.Terminating is { } terminating)
        {
            records.Add(terminating.ErrorRecord);
            yield return terminating.ToString();
        }
        foreach (var e in records)
        {
            yield return e.ToString();
            yield return e.FullyQualifiedErrorId;
            yield return e.CategoryInfo.ToString();
            yield return e.ErrorDetails?.Message ?? "";
            yield return e.ErrorDetails?.RecommendedAction ?? "";
            yield return e.TargetObject?.ToString() ?? "";
            yield return e.Exception.ToString();
            for (var inner = e.Exception; inner is not null; inner = inner.InnerException)
            {
                yield return inner.Message;
            }
            yield return e.InvocationInfo?.Line ?? "";
            yield return e.InvocationInfo?.PositionMessage ?? "";
            yield return string.Join(";", e.InvocationInfo?.BoundParameters.Select(p => $"{p.Key}={p.Value}") ?? Array.Empty<string>());
            yield return e.ScriptStackTrace ?? "";
            yield return PSSerializer.Serialize(e, 4);
        }
        foreach (var w in result.Warnings) { yield return w.Message; }
        foreach (var v in result.Verbose) { yield return v.Message; }
        foreach (var d in result.Debug) { yield return d.Message; }
        foreach (var i in result.Information) { yield return i.MessageData?.ToString() ?? ""; }
        foreach (var p in result.Progress) { yield return p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation; }
    }

    [Fact]
    public void The_key_appears_nowhere_across_every_cmdlet_and_failure()
    {
        string key = Server.TestKey;
        string[] forbidden =
        {
            key,
            key["skey_test_".Length..],
            Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes(key)),
        };
        var secure = PowerShellSession.Secure(key);
        string chargeId = Server.TestLog.ChargeIds.First();
        var runs = new List<PsResult>
        {
            Ps.Run("Connect-Omise -SecretKey $args[0] -BaseUri $args[1] -PassThru -Verbose -Debug", secure, Server.BaseUri),
            Ps.Run("Get-OmiseConnection; (Get-OmiseConnection).ToString(); Get-OmiseConnection | ForEach-Object { $_.PSObject.Properties.Value }"),
            Ps.Run("Get-OmiseEvent -First 150 -Verbose -Debug"),
            Ps.Run("Get-OmiseEvent -Id evnt_test_0000000000000000000, evnt_test_BAD -Verbose -Debug"),
            Ps.Run("Get-OmiseChargeEvent -ChargeId $args[0], chrg_test_0000000000000000000 -Verbose -Debug", chargeId),
            Ps.Run("Connect-Omise -SecretKey $args[0] -BaseUri $args[1] -Verbose -Debug", PowerShellSession.Secure(key[..^1] + "0"), Server.BaseUri),
            Ps.Run("Connect-Omise -SecretKey $args[0] -BaseUri http://api.example.com -Verbose -Debug", secure),
        };
        // A request that keeps failing until retries run out, with its retries and the final error.
        var connection = (OmiseConnection)Ps.Run("Connect-Omise -SecretKey $args[0] -BaseUri $args[1] -PassThru -MaximumRetryCount 1", secure, Server.BaseUri).Output.Single().BaseObject;
        Server.Intercept = async context =>
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsync("<html>" + context.Request.Headers.Authorization + "</html>");
            return true;
        };
        runs.Add(Ps.Run("Get-OmiseEvent -Connection $args[0] -Verbose -Debug", connection));
        Server.Intercept = null;
        runs.Add(Ps.Run("Disconnect-Omise -Verbose -Debug; $Error | ForEach-Object { $_.ToString(); $_.Exception.ToString() }"));

        // Some ETS properties are script properties: they need a runspace on this thread to show their value.
        System.Management.Automation.Runspaces.Runspace.DefaultRunspace = Ps.Runspace;
        var seen = runs.SelectMany(Everything).ToList();

        Assert.Contains(seen, s => s.Contains("Authorization: Basic <skey_test_…", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.StartsWith("Retry 1 of 1", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains("AuthenticationFailed", StringComparison.Ordinal));
        Assert.True(seen.Count > 200, $"only {seen.Count} strings were captured");
        foreach (string secret in forbidden)
        {
            Assert.DoesNotContain(seen, s => s.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_connection_exposes_only_a_hint()
    {
        var result = Ps.Connect(Server, extra: "-PassThru");
        var connection = Assert.Single(result.Output);

        var names = connection.Properties.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "ApiVersion", "BaseUri", "ConnectedAt", "KeyHint", "MaxConcurrency", "MaximumRetryCount", "Mode", "Proxy", "RequestTimeout" }, names);
        Assert.Equal("Test skey_test_…" + Server.TestKey[^4..] + " " + Server.BaseUri, connection.ToString());
    }

    [Fact]
    public void The_webhook_secret_appears_nowhere_across_sending_verifying_and_failing()
    {
        // $env:OMISE_WEBHOOK_SECRET is process-wide: its cases are in WebhookSignatureEngineTests, whose tests run one at a time.
        string secret = WebhookReceiver.Secret;
        string[] forbidden = { secret, secret.TrimEnd('='), Encoding.ASCII.GetString(Convert.FromBase64String(secret)), Convert.ToHexString(Convert.FromBase64String(secret)) };
        var secure = PowerShellSession.Secure(secret);
        Ps.Connect(Server).AssertClean();
        var receiver = WebhookReceiver.StartAsync().GetAwaiter().GetResult();
        try
        {
            var runs = new List<PsResult>
            {
                Ps.Run("Get-OmiseEvent -First 3 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -Duplicate 2 -Verbose -Debug", receiver.Uri, secure),
                Ps.Run("Get-OmiseEvent -First 2 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -WhatIf -Verbose", receiver.Uri, secure),
                Ps.Run("Send-OmiseWebhook -Uri http://hooks.example.com/ -Secret $args[0] -Id evnt_test_abc", secure),
                Ps.Run("Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -Id evnt_test_0000000000000000000 -Verbose -Debug", receiver.Uri, secure),
                Ps.Run("Send-OmiseWebhook -Uri $args[0] -Secret (ConvertTo-SecureString ($args[1] + '!') -AsPlainText -Force) -Id evnt_test_abc", receiver.Uri, secret),
                Ps.Run("Test-OmiseWebhookSignature -Body 'x' -Signature 'ab, cd' -Timestamp 1 -Secret $args[0] -Detailed -Verbose -Debug", secure),
                Ps.Run("Test-OmiseWebhookSignature -Body @{} -Signature 'ab' -Timestamp 1 -Secret $args[0]", secure),
            };
            receiver.Answer = 500;
            runs.Add(Ps.Run("Get-OmiseEvent -First 1 | Send-OmiseWebhook -Uri $args[0] -Secret $args[1] -Verbose -Debug", receiver.Uri, secure));
            runs.Add(Ps.Run("$Error | ForEach-Object { $_.ToString(); $_.Exception.ToString() }"));

            System.Management.Automation.Runspaces.Runspace.DefaultRunspace = Ps.Runspace;
            var seen = runs.SelectMany(Everything).ToList();

            Assert.Contains(seen, s => s.Contains("signed: HTTP 200", StringComparison.Ordinal));
            Assert.Contains(seen, s => s.Contains("InvalidWebhookSecret", StringComparison.Ordinal));
            Assert.Contains(seen, s => s.Contains("TimestampOutsideTolerance", StringComparison.Ordinal));
            Assert.True(seen.Count > 150, $"only {seen.Count} strings were captured");
            foreach (string forbiddenText in forbidden)
            {
                Assert.DoesNotContain(seen, s => s.Contains(forbiddenText, StringComparison.OrdinalIgnoreCase));
            }
        }
        finally
        {
            receiver.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
