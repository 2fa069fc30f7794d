using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using OmiseEmulator;

// A human-runnable Omise Events API emulator: `dotnet run --project tools/OmiseEmulator -- --port 12111 --events 5000`.
static int Usage()
{
    Console.Error.WriteLine("usage: OmiseEmulator [--port N] [--events N] [--live-events N] [--seed N] [--now 2026-11-20T12:00:00Z] [--latency-ms N] [--fault-rate 0..1] [--arrive-every SECONDS] [--webhook-secret BASE64] [--prewarm]");
    return 2;
}

var defaults = new EmulatorOptions();
int port = 12111, events = 5000, liveEvents = defaults.LiveEvents, seed = defaults.Seed, latencyMs = 0, arriveEvery = 0;
double faultRate = 0;
bool prewarm = false;
DateTime now = defaults.Now;
string webhookSecret = defaults.WebhookSecret;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--prewarm")
    {
        // Write every event's JSON before saying ready, so a benchmark does not measure the emulator's first touches.
        prewarm = true;
        continue;
    }
    string? value = i + 1 < args.Length ? args[i + 1] : null;
    bool ok = args[i] switch
    {
        "--port" => int.TryParse(value, out port),
        "--events" => int.TryParse(value, out events),
        "--live-events" => int.TryParse(value, out liveEvents),
        "--seed" => int.TryParse(value, out seed),
        "--latency-ms" => int.TryParse(value, out latencyMs),
        "--arrive-every" => int.TryParse(value, out arriveEvery) && arriveEvery >= 0,
        "--fault-rate" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out faultRate) && faultRate is >= 0 and <= 1,
        "--webhook-secret" => IsBase64(value, out webhookSecret),
        "--now" => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out now),
        _ => false,
    };
    if (!ok)
    {
        return Usage();
    }
    i++;
}

await using var server = await OmiseEmulatorServer.StartAsync(new EmulatorOptions
{
    Port = port, Events = events, LiveEvents = liveEvents, Seed = seed, Now = now, WebhookSecret = webhookSecret,
});

server.Latency = TimeSpan.FromMilliseconds(latencyMs);
if (prewarm)
{
    foreach (var e in server.TestLog.All)
    {
        _ = e.Json;
    }
}
if (faultRate > 0)
{
    server.Faults = new FaultPlan(seed, faultRate) { SlowBodyStall = TimeSpan.FromSeconds(90) };
}

string firstCharge = server.TestLog.ChargeIds.FirstOrDefault() ?? "";
Console.WriteLine($"Omise emulator listening on {server.BaseUri} ({events} test events, {liveEvents} live events, seed {seed}, now {now:yyyy-MM-ddTHH:mm:ssZ})");
Console.WriteLine($"Test secret key:  {server.TestKey}");
Console.WriteLine($"A charge to try:  {firstCharge}");
Console.WriteLine($"Webhook secret:   {webhookSecret}");
Console.WriteLine($"ready: {JsonSerializer.Serialize(new { baseUri = server.BaseUri.ToString().TrimEnd('/'), testKey = server.TestKey, liveKey = server.LiveKey, publicKey = server.PublicKey, chargeId = firstCharge, webhookSecret, now = now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) })}");
Console.WriteLine($"Add events now:   POST {server.BaseUri.ToString().TrimEnd('/')}{OmiseEmulatorServer.ControlPath}?count=3 (also key=, charge=, spacing=0 for the same second)");
Console.WriteLine("Press Ctrl+C to stop.");

if (arriveEvery > 0)
{
    // For trying Get-OmiseEvent -Wait by hand: a new event every so often, as on a live account.
    _ = Task.Run(async () =>
    {
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(arriveEvery));
            server.TestLog.Append(1);
        }
    });
}

// The host's own lifetime handles Ctrl+C and SIGTERM; a handler of our own would never see SIGTERM.
await server.WaitForShutdownAsync();
return 0;

// A webhook secret is base64, as the dashboard shows it: anything else could never sign.
static bool IsBase64(string? value, out string secret)
{
    secret = value ?? "";
    return value is { Length: > 0 } && Convert.TryFromBase64String(value, new byte[value.Length], out _);
}
