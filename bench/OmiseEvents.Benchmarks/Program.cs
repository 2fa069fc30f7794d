using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using OmiseEvents.Benchmarks;

// dotnet run -c Release --project bench/OmiseEvents.Benchmarks -- [--events 1000,10000,100000] [--latency 0,50] [--out BENCHMARKS.md]
if (args.Length == 5 && args[0] == "--child")
{
    Console.WriteLine(ClientRun.Run(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), new Uri(args[3]), args[4]));
    return 0;
}

int[] sizes = { 1_000, 10_000, 100_000 };
int[] latencies = { 0, 50 };
string? outPath = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--events": sizes = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--latency": latencies = args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
        case "--out": outPath = args[i + 1]; break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

string[] variants = { "default", "sequential", "handloop" };
const int K = OmiseEvents.OmiseConnection.DefaultMaxConcurrency;
var results = new List<(int Latency, int Events, string Variant, JsonElement Result)>();
var floors = new Dictionary<(int, int), Floor.Model>();
foreach (int latency in latencies)
{
    foreach (int events in sizes)
    {
        using var emulator = new EmulatorProcess(events, latency);
        floors[(latency, events)] = Floor.Measure(emulator.BaseUri, emulator.TestKey, events);
        foreach (string variant in variants)
        {
            var result = Child(variant, events, emulator);
            results.Add((latency, events, variant, result));
            Console.Error.WriteLine($"{latency} ms, {events} events, {variant}: {result.GetProperty("wallMs").GetDouble():0} ms");
        }
    }
}

string report = Report();
Console.WriteLine(report);
if (outPath is not null)
{
    File.WriteAllText(outPath, report);
}
return 0;

JsonElement Child(string variant, int events, EmulatorProcess emulator)
{
    var start = new ProcessStartInfo("dotnet", $"\"{typeof(ClientRun).Assembly.Location}\" --child {variant} {events} {emulator.BaseUri} {emulator.TestKey}")
    {
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    using var process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{variant} {events}: exit {process.ExitCode}");
    }
    return JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement.Clone();
}

string Report()
{
    var md = new StringBuilder();
    string F(double v, string format = "0") => v.ToString(format, CultureInfo.InvariantCulture);
    JsonElement R(int latency, int events, string variant) => results.Single(r => r.Latency == latency && r.Events == events && r.Variant == variant).Result;

    md.AppendLine("| Latency | Events | Variant | Wall (ms) | First object (ms) | Events/s | Peak working set (MB) | Allocated/event (B) | CPU/event (µs) |");
    md.AppendLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|");
    foreach (var (latency, events, variant, r) in results)
    {
        double wall = r.GetProperty("wallMs").GetDouble();
        md.AppendLine($"| {latency} ms | {events:N0} | {variant} | {F(wall)} | {F(r.GetProperty("firstMs").GetDouble(), "0.0")} | {F(events / wall * 1000)} | {F(r.GetProperty("peakWorkingSetMb").GetDouble())} | {F(r.GetProperty("allocatedPerEvent").GetDouble())} | {F(r.GetProperty("cpuUsPerEvent").GetDouble(), "0.0")} |");
        if (variant == "handloop")
        {
            var floor = floors[(latency, events)];
            md.AppendLine($"| {latency} ms | {events:N0} | floor, k = {K} | {F(floor.Ms(K))} | {F(floor.RoundTripMs, "0.0")} | {F(events / floor.Ms(K) * 1000)} | | | |");
        }
    }

    if (latencies.Contains(50) && latencies.Contains(0) && sizes.Contains(10_000) && sizes.Contains(100_000))
    {
        var floor = floors[(50, 10_000)];
        double wall = R(50, 10_000, "default").GetProperty("wallMs").GetDouble();
        double hand = R(50, 10_000, "handloop").GetProperty("wallMs").GetDouble();
        double first = R(50, 10_000, "default").GetProperty("firstMs").GetDouble();
        double memory = R(50, 100_000, "default").GetProperty("peakWorkingSetMb").GetDouble() - R(50, 10_000, "default").GetProperty("peakWorkingSetMb").GetDouble();
        double cpu = R(0, 100_000, "default").GetProperty("cpuUsPerEvent").GetDouble();
        string Met(bool ok) => ok ? "met" : "**not met**";
        md.AppendLine();
        md.AppendLine("| Target | Measured | |");
        md.AppendLine("|---|---|---|");
        md.AppendLine($"| 50 ms, 10,000 events: at most 2.5 × the floor ({F(floor.Ms(K))} ms) | {F(wall / floor.Ms(K), "0.00")} × | {Met(wall <= 2.5 * floor.Ms(K))} |");
        md.AppendLine($"| 50 ms, 10,000 events: at least 5 × faster than the hand loop | {F(hand / wall, "0.0")} × | {Met(hand >= 5 * wall)} |");
        md.AppendLine($"| First object within 1 round trip ({F(floor.RoundTripMs, "0.0")} ms) + 20 ms | {F(first, "0.0")} ms | {Met(first <= floor.RoundTripMs + 20)} |");
        md.AppendLine($"| Peak memory at 100,000 events at most 50 MB above the 10,000 run | {(memory >= 0 ? "+" : "")}{F(memory, "0.0")} MB | {Met(memory <= 50)} |");
        md.AppendLine($"| At most 20 µs CPU per event at 0 ms latency (100,000 events) | {F(cpu, "0.0")} µs | {Met(cpu <= 20)} |");
    }
    return md.ToString();
}
