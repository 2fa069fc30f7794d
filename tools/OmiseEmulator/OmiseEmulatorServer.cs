using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OmiseEmulator;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers the three Events endpoints as the API reference
/// describes them: Basic auth with a secret key, list envelopes, errors as JSON.
/// </summary>
public sealed class OmiseEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OmiseEmulatorServer(WebApplication app, EmulatorOptions options)
    {
        _app = app;
        Options = options;
        Clock = new EmulatorClock(options.Now);
        var keyRng = new Random(StableRandom.Mix(options.Seed, 7));
        TestKey = StableRandom.NewId("skey", live: false, keyRng);
        LiveKey = StableRandom.NewId("skey", live: true, keyRng);
        PublicKey = StableRandom.NewId("pkey", live: false, keyRng);
        TestLog = new EventLog(options.Seed, options.Events, live: false, Clock);
        LiveLog = new EventLog(options.Seed, options.LiveEvents, live: true, Clock);
    }

    public EmulatorOptions Options { get; }
    public EmulatorClock Clock { get; }
    public string TestKey { get; }
    public string LiveKey { get; }
    public string PublicKey { get; }
    public EventLog TestLog { get; }
    public EventLog LiveLog { get; }
    public RequestLog Requests { get; } = new();
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>
    /// Runs before the API handles a request; returning true means it has answered. The seam for
    /// fault injection: it sees the request already recorded.
    /// </summary>
    public Func<HttpContext, Task<bool>>? Intercept { get; set; }

    /// <summary>Which requests fail and how; null for none.</summary>
    public FaultPlan? Faults { get; set; }

    /// <summary>
    /// How many records a list answer holds, given its offset and limit; null for as many as there
    /// are. The envelope still says the limit asked for: a server answering short pages before the end.
    /// </summary>
    public Func<int, int, int?>? PageLength { get; set; }

    /// <summary>The control endpoint's path: <c>POST /_emulator/events</c> adds events now (see <see cref="AddEvents"/>).</summary>
    public const string ControlPath = "/_emulator/events";

    /// <summary>Added before every answer: a network's round trip, for benchmarks and humans.</summary>
    public TimeSpan Latency { get; set; }

    public static async Task<OmiseEmulatorServer> StartAsync(EmulatorOptions options)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var server = new OmiseEmulatorServer(app, options);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Completes when the host is told to stop: Ctrl+C or SIGTERM.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var recorded = new RecordedRequest
        {
            Method = request.Method,
            Path = request.Path.Value ?? "/",
            Query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            UserAgent = request.Headers.UserAgent.ToString(),
            ApiVersion = request.Headers["Omise-Version"].ToString(),
            Accept = request.Headers.Accept.ToString(),
            Authorization = request.Headers.Authorization.ToString(),
        };
        Requests.Add(recorded);
        try
        {
            if (Intercept is { } intercept && await intercept(context).ConfigureAwait(false))
            {
                return;
            }
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted).ConfigureAwait(false);
            }
            if (Faults is { } faults && faults.Decide(recorded.Path + context.Request.QueryString) is var fault && fault != FaultKind.None)
            {
                recorded.Fault = fault;
                await FaultResponses.Apply(context, fault, AnswerAsync, faults.SlowBodyStall).ConfigureAwait(false);
                return;
            }
            await AnswerAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client hung up while we waited.
        }
        finally
        {
            recorded.Status = context.Response.StatusCode;
        }
    }

    private Task AnswerAsync(HttpContext context)
    {
        if (context.Request.Path.Value == ControlPath && HttpMethods.IsPost(context.Request.Method))
        {
            return AddEvents(context);
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return Error(context, 404, "not_found", "the requested resource was not found");
        }

        EventLog? log = Authenticate(context.Request.Headers.Authorization.ToString());
        if (log is null)
        {
            return Error(context, 401, "authentication_failure", "authentication failed");
        }

        string version = context.Request.Headers["Omise-Version"].ToString();
        if (version.Length > 0 && !EmulatorDefaults.KnownApiVersions.Contains(version))
        {
            return Error(context, 400, "bad_request", $"{version} is not a valid API version");
        }
        bool oldEnvelope = version is "2015-11-17" or "2014-07-27";

        string[] segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        switch (segments)
        {
            case ["events"]:
                return List(context, log, "/events", null, oldEnvelope);
            case ["events", var id]:
                var found = log.Find(id);
                return found is null
                    ? Error(context, 404, "not_found", $"event {id} was not found")
                    : Json(context, 200, found.Json);
            case ["charges", var chargeId, "events"]:
                var ofCharge = log.EventsOfCharge(chargeId);
                return ofCharge is null
                    ? Error(context, 404, "not_found", $"charge {chargeId} was not found")
                    : List(context, log, $"/charges/{chargeId}/events", ofCharge, oldEnvelope);
            default:
                return Error(context, 404, "not_found", "the requested resource was not found");
        }
    }

    /// <summary>
    /// <c>POST /_emulator/events?count=3&amp;spacing=1&amp;key=charge.complete&amp;charge=chrg_test_…&amp;mode=test</c>:
    /// adds events happening now to the log, so a listing with -Wait has something to find. All
    /// optional: 1 event, 1 second apart (0 puts them in the current second), a random key, any
    /// charge, test mode. Answers with the new events' ids. Not part of the Omise API; no key needed.
    /// </summary>
    private Task AddEvents(HttpContext context)
    {
        var q = context.Request.Query;
        if (!TryInt(q["count"], 1, out int count) || count is < 1 or > 10_000 || !TryInt(q["spacing"], 1, out int spacing))
        {
            return Error(context, 400, "bad_request", "count must be 1 to 10000 and spacing a whole number of seconds");
        }
        var log = q["mode"].ToString() == "live" ? LiveLog : TestLog;
        string? key = q["key"].Count > 0 ? q["key"].ToString() : null;
        string? charge = q["charge"].Count > 0 ? q["charge"].ToString() : null;
        if (key is not null && !EventCatalog.Keys.Any(k => k.Key == key))
        {
            return Error(context, 400, "bad_request", $"{key} is not an event key the emulator knows");
        }
        var added = log.Append(count, TimeSpan.FromSeconds(spacing), key, charge);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { @object = "list", data = added.Select(e => e.Id).ToArray() });
        return Json(context, 200, body);
    }

    private EventLog? Authenticate(string header)
    {
        const string scheme = "Basic ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[scheme.Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        int colon = decoded.IndexOf(':');
        string user = colon < 0 ? decoded : decoded[..colon];
        return user == TestKey ? TestLog : user == LiveKey ? LiveLog : null;
    }

    private Task List(HttpContext context, EventLog log, string location, IReadOnlyList<StoredEvent>? source, bool oldEnvelope)
    {
        var q = context.Request.Query;
        DateTime now = Clock.UtcNow;
        if (!TryTime(q["from"], DateTime.UnixEpoch, out DateTime from) || !TryTime(q["to"], now, out DateTime to))
        {
            return Error(context, 400, "invalid_filter", "from and to must be ISO 8601 date-times");
        }
        if (!TryInt(q["offset"], 0, out int offset) || offset < 0)
        {
            return Error(context, 400, "invalid_page", "offset must be a non-negative integer");
        }
        if (!TryInt(q["limit"], 20, out int limit) || limit < 1)
        {
            return Error(context, 400, "invalid_page", "limit must be a positive integer");
        }
        limit = Math.Min(limit, 100);
        string orderText = q["order"].ToString();
        ListOrder order;
        switch (orderText)
        {
            case "" or "chronological": order = ListOrder.Chronological; break;
            case "reverse_chronological": order = ListOrder.ReverseChronological; break;
            default: return Error(context, 400, "bad_request", "order must be chronological or reverse_chronological");
        }

        int served = PageLength?.Invoke(offset, limit) is int length ? Math.Clamp(length, 0, limit) : limit;
        var result = log.List(from, to, order, offset, served, source);
        bool chargeListing = source is not null;

        var buffer = new ArrayBufferWriter<byte>(result.Page.Count * 4096 + 512);
        buffer.Write("{\"object\":\"list\",\"data\":["u8);
        for (int i = 0; i < result.Page.Count; i++)
        {
            if (i > 0) { buffer.Write(","u8); }
            buffer.Write(chargeListing ? result.Page[i].JsonForChargeListing : result.Page[i].Json);
        }
        buffer.Write("]"u8);
        using (var w = new Utf8JsonWriter(buffer))
        {
            // Continue the open object: Utf8JsonWriter cannot, so write the tail as its own object and splice.
            w.WriteStartObject();
            w.WriteNumber("limit", limit);
            w.WriteNumber("offset", offset);
            w.WriteNumber("total", result.Total);
            if (!oldEnvelope) { w.WriteString("location", location); }
            w.WriteString("order", order == ListOrder.Chronological ? "chronological" : "reverse_chronological");
            w.WriteString("from", EventJsonWriter.FormatTime(from, oldEnvelope));
            w.WriteString("to", EventJsonWriter.FormatTime(to, oldEnvelope));
            w.WriteEndObject();
        }
        byte[] body = Splice(buffer.WrittenSpan);
        return Json(context, 200, body);
    }

    /// <summary>Turns <c>{…"data":[…]{"limit":…}</c> into <c>{…"data":[…],"limit":…}</c>.</summary>
    private static byte[] Splice(ReadOnlySpan<byte> written)
    {
        int brace = written.LastIndexOf("]{"u8);
        var body = new byte[written.Length];
        written[..(brace + 1)].CopyTo(body);
        body[brace + 1] = (byte)',';
        written[(brace + 2)..].CopyTo(body.AsSpan(brace + 2));
        return body;
    }

    private static bool TryTime(Microsoft.Extensions.Primitives.StringValues value, DateTime fallback, out DateTime utc)
    {
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            utc = fallback;
            return true;
        }
        bool ok = DateTimeOffset.TryParse(value[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                  && value[0]!.Contains('T', StringComparison.Ordinal);
        utc = ok ? parsed.UtcDateTime : default;
        return ok;
    }

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues value, int fallback, out int result)
    {
        if (value.Count == 0 || string.IsNullOrEmpty(value[0]))
        {
            result = fallback;
            return true;
        }
        return int.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out result);
    }

    public static Task Error(HttpContext context, int status, string code, string message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["object"] = "error",
            ["location"] = "https://www.omise.co/api-errors#" + code.Replace('_', '-'),
            ["code"] = code,
            ["message"] = message,
        });
        return Json(context, status, body);
    }

    public static Task Json(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length);
    }
}
