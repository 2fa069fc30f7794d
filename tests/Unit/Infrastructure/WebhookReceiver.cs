using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>One request the receiver got, byte for byte, and whether its signature was genuine by the receiver's own check.</summary>
public sealed record ReceivedWebhook(string Path, byte[] Body, string ContentType, string? Timestamp, string? Signature, bool SignatureValid, IReadOnlyDictionary<string, string> Headers)
{
    public string EventId
    {
        get
        {
            using var json = System.Text.Json.JsonDocument.Parse(Body);
            return json.RootElement.GetProperty("id").GetString()!;
        }
    }
}

/// <summary>
/// A webhook handler for tests, on a free loopback port: records every request byte for byte and
/// checks its signature with its own HMAC code (not the module's), answering what <see cref="Answer"/> says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";

    private readonly WebApplication _app;
    private readonly List<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Uri { get; private set; } = null!;

    /// <summary>The status to answer; 302 answers with a Location on this receiver (<c>/followed</c>).</summary>
    public int Answer { get; set; } = 200;

    /// <summary>While set, requests are recorded but not answered until it is cleared (or the receiver stops).</summary>
    public bool Hold { get; set; }

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first request has been recorded.</summary>
    public Task FirstRequest => _firstRequest.Task;

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToList();
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Uri = new Uri(address + "/omise");
        return receiver;
    }

    /// <summary>lower-case hex HMAC-SHA256, keyed with the base64-decoded secret, over timestamp "." body: written here from the documented scheme.</summary>
    public static string Sign(string secret, string timestamp, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Convert.FromBase64String(secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray()));

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        byte[] body = buffer.ToArray();
        string? timestamp = context.Request.Headers["Omise-Signature-Timestamp"].FirstOrDefault();
        string? signature = context.Request.Headers["Omise-Signature"].FirstOrDefault();
        bool valid = timestamp is not null && signature is not null
            && signature.Split(',').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s.Trim()), Encoding.ASCII.GetBytes(Sign(Secret, timestamp, body))));
        lock (_received)
        {
            _received.Add(new ReceivedWebhook(context.Request.Path.Value ?? "", body, context.Request.ContentType ?? "", timestamp, signature, valid,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        }
        _firstRequest.TrySetResult();
        if (Hold)
        {
            try
            {
                await _release.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        context.Response.StatusCode = Answer;
        if (Answer is >= 300 and < 400)
        {
            context.Response.Headers.Location = new Uri(Uri, "/followed").ToString();
        }
        await context.Response.WriteAsync(Answer == 200 ? "ok" : "answer " + Answer);
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
