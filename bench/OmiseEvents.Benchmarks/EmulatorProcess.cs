using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Text.Json;

namespace OmiseEvents.Benchmarks;

/// <summary>The emulator in a process of its own, pre-serialised, with the latency under test.</summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    public EmulatorProcess(int events, int latencyMs)
    {
        string dll = typeof(EmulatorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Emulator").Value!;
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" --port 0 --events {events} --latency-ms {latencyMs} --prewarm")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        string? line;
        while ((line = _process.StandardOutput.ReadLine()) is not null && !line.StartsWith("ready: ", StringComparison.Ordinal))
        {
        }
        if (line is null)
        {
            throw new InvalidOperationException("The emulator exited before it was ready.");
        }
        using var ready = JsonDocument.Parse(line["ready: ".Length..]);
        BaseUri = new Uri(ready.RootElement.GetProperty("baseUri").GetString()!);
        TestKey = ready.RootElement.GetProperty("testKey").GetString()!;
    }

    public Uri BaseUri { get; }
    public string TestKey { get; }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
