using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Security;
using System.Text.Json;

namespace OmiseEvents.Benchmarks;

/// <summary>One measured listing, in a process of its own (peak working set is per process).</summary>
internal static class ClientRun
{
    /// <summary>A user's loop as people write it today: one request per offset, in turn, JSON to objects, no pinning.</summary>
    private const string HandLoop = """
        param($n, $base, $key)
        $http = [System.Net.Http.HttpClient]::new()
        $http.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Basic',
            [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${key}:")))
        $offset = 0
        while ($offset -lt $n) {
            $page = [OmiseEvents.Benchmarks.HandLoopJson]::ConvertFrom($http.GetStringAsync("$base/events?offset=$offset&limit=100").GetAwaiter().GetResult())
            $page.data
            if ($page.data.Count -eq 0) { break }
            $offset += $page.data.Count
        }
        """;

    public static string Run(string variant, int events, Uri baseUri, string key)
    {
        string manifest = typeof(ClientRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "StagedManifest").Value!;
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        var secure = new SecureString();
        foreach (char c in key)
        {
            secure.AppendChar(c);
        }
        // "default" is the module as it ships; "sequential" the same with one request at a time. The
        // "ids" and "charges" variants pipe that many event ids, or charge ids, into the module.
        Invoke(runspace, "param($m, $k, $u, $c) Import-Module $m; $ProgressPreference = 'SilentlyContinue'; Connect-Omise -SecretKey $k -BaseUri $u -MaxConcurrency $c",
            manifest, secure, baseUri, variant.EndsWith("sequential", StringComparison.Ordinal) ? 1 : OmiseConnection.DefaultMaxConcurrency);

        string script;
        object[] args, warmArgs;
        if (variant.StartsWith("ids", StringComparison.Ordinal) || variant.StartsWith("charges", StringComparison.Ordinal))
        {
            // The inputs are read first, untimed, as a script would have them from a CSV.
            var listed = Collect(runspace, "param($n) Get-OmiseEvent -First $n", events).Select(o => (Event)o.BaseObject).ToList();
            bool ids = variant.StartsWith("ids", StringComparison.Ordinal);
            string[] inputs = ids
                ? listed.Select(e => e.Id).ToArray()
                : listed.Select(e => e.ChargeId).OfType<string>().Distinct().Take(events / 5).ToArray();
            script = ids ? "param($ids) $ids | Get-OmiseEvent" : "param($ids) $ids | Get-OmiseChargeEvent";
            args = new object[] { inputs };
            warmArgs = new object[] { inputs.Take(100).ToArray() };
        }
        else
        {
            script = variant == "handloop" ? HandLoop : "param($n) Get-OmiseEvent -First $n";
            args = variant == "handloop" ? new object[] { events, baseUri.ToString().TrimEnd('/'), key } : new object[] { events };
            warmArgs = (object[])args.Clone();
            warmArgs[0] = Math.Min(events, 10_000);
        }
        // The instrument first: reading /proc per thread is code the runtime would otherwise still
        // be promoting, in the background, during the timed run.
        for (int i = 0; i < 100; i++)
        {
            ThreadCpu.MsSince(ThreadCpu.Snapshot(ThreadCpu.BackgroundJit), ThreadCpu.BackgroundJit);
            Process.GetCurrentProcess().Refresh();
            _ = Process.GetCurrentProcess().TotalProcessorTime;
        }
        // Three runs of the same kind first, the warm-up the CPU target is defined on: the engine's
        // and the module's code has run before anything is timed (with one warm-up, tiered PGO's
        // re-JIT of hot paths landed in the timed run and tripled its CPU per event).
        for (int warm = 0; warm < 3; warm++)
        {
            Measure(runspace, script, warmArgs);
        }
        // On two busy cores the runtime's background JIT falls behind the warm-ups and promotes most
        // of what they made hot (the engine's, the HTTP stack's and the module's code) inside the
        // timed run. "settled" goes on warming, letting the JIT go quiet after each run, until a
        // run no longer sets it off: the listing's own cost, apart from the runtime's catching up.
        var settle = Stopwatch.StartNew();
        int settleRuns = 0;
        if (variant == "settled")
        {
            double settleJitMs = WaitForQuietJit();
            while (settleJitMs > 0 && settleRuns++ < 20)
            {
                settleJitMs = Measure(runspace, script, warmArgs).JitMs + WaitForQuietJit();
            }
        }
        double settledMs = settle.Elapsed.TotalMilliseconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var pause0 = GC.GetTotalPauseDuration();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var (wall, first, count, cpu, allocated, jitMs) = Measure(runspace, script, args);
        var pause = GC.GetTotalPauseDuration() - pause0;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        return JsonSerializer.Serialize(new
        {
            variant,
            events,
            inputs = args[0] is string[] piped ? piped.Length : 0,
            count,
            wallMs = wall.TotalMilliseconds,
            firstMs = first.TotalMilliseconds,
            cpuUsPerEvent = cpu.TotalMilliseconds * 1000 / count,
            allocatedPerEvent = allocated / (double)count,
            peakWorkingSetMb = process.PeakWorkingSet64 / 1048576.0,
            // The runtime's background JIT, apart: still promoting hot code when a long listing is timed.
            jitCpuUsPerEvent = jitMs * 1000 / count,
            settledMs,
            settleRuns,
            gcPauseMs = pause.TotalMilliseconds,
            collections = new[] { GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2 },
        });
    }

    private static (TimeSpan Wall, TimeSpan First, long Count, TimeSpan Cpu, long Allocated, double JitMs) Measure(Runspace runspace, string script, object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (var a in args)
        {
            ps.AddArgument(a);
        }
        var output = new PSDataCollection<PSObject>();
        var watch = new Stopwatch();
        TimeSpan first = TimeSpan.Zero;
        long count = 0;
        // Count and drop each object as it arrives: nothing accumulates, as in a pipeline into Export-Csv.
        output.DataAdded += (_, _) =>
        {
            if (count == 0)
            {
                first = watch.Elapsed;
            }
            count += output.ReadAll().Count;
        };
        // The per-thread reading of /proc happens outside the process's CPU reading, so the
        // instrument's own work is not counted in the listing's.
        var process = Process.GetCurrentProcess();
        var jit0 = ThreadCpu.Snapshot(ThreadCpu.BackgroundJit);
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        long allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        watch.Start();
        ps.Invoke(null, output);
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        double jitMs = ThreadCpu.MsSince(jit0, ThreadCpu.BackgroundJit);
        if (ps.HadErrors)
        {
            throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
        }
        return (watch.Elapsed, first, count, cpu, GC.GetTotalAllocatedBytes(precise: true) - allocated0, jitMs);
    }

    /// <summary>Waits until the background JIT has used no CPU for half a second (at most 20 s); the CPU it used meanwhile (ms).</summary>
    private static double WaitForQuietJit()
    {
        double used = 0;
        var watch = Stopwatch.StartNew();
        var quietSince = TimeSpan.Zero;
        var before = ThreadCpu.Snapshot(ThreadCpu.BackgroundJit);
        while (watch.Elapsed - quietSince < TimeSpan.FromMilliseconds(500) && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            System.Threading.Thread.Sleep(50);
            double ms = ThreadCpu.MsSince(before, ThreadCpu.BackgroundJit);
            if (ms > 0)
            {
                used += ms;
                quietSince = watch.Elapsed;
            }
            before = ThreadCpu.Snapshot(ThreadCpu.BackgroundJit);
        }
        return used;
    }

    private static System.Collections.ObjectModel.Collection<PSObject> Collect(Runspace runspace, string script, params object[] args)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (var a in args)
        {
            ps.AddArgument(a);
        }
        var output = ps.Invoke();
        if (ps.HadErrors)
        {
            throw new InvalidOperationException(string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
        }
        return output;
    }

    private static void Invoke(Runspace runspace, string script, params object[] args) => Collect(runspace, script, args);
}
