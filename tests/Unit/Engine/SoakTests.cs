using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace OmiseEvents.Tests.Engine;

/// <summary>A long listing through a storm of injected faults of every kind: nothing lost, nothing repeated, order kept.</summary>
public sealed class SoakTests : IAsyncLifetime
{
    private const int Events = 10_000;
    private const int PageSize = 10;

    private readonly EmulatorFixture _emulator = new EmulatorFixture.Sized(Events);
    private readonly ITestOutputHelper _output;
    private PowerShellSession _ps = null!;

    public SoakTests(ITestOutputHelper output) => _output = output;

    public async Task InitializeAsync()
    {
        await _emulator.InitializeAsync();
        _ps = new PowerShellSession();
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void Ten_thousand_events_through_over_a_thousand_faults()
    {
        var server = _emulator.Server;
        var waits = new WaitRecorder();
        var connection = waits.Connect(_ps, server, "-TimeoutSec 1 -MaximumRetryCount 5");
        server.Requests.Clear();
        // Every kind, the slow body (which costs a real one-second timeout) rarely.
        var weights = Enum.GetValues<FaultKind>().Where(k => k != FaultKind.None)
            .ToDictionary(k => k, k => k == FaultKind.SlowBody ? 0.05 : 1.0);
        server.Faults = new FaultPlan(seed: 2026, rate: 0.55, weights, maxFaultsPerRequest: 3);

        var result = _ps.Run($"Get-OmiseEvent -Connection $args[0] -PageSize {PageSize} -Verbose", connection);

        var truth = server.TestLog.Visible().Select(e => e.Id).ToList();
        var ids = result.Objects<Event>().Select(e => e.Id).ToList();
        var injected = server.Faults.Injected;
        int faults = server.Faults.TotalInjected;
        int requests = server.Requests.Count;
        int pages = Pages.For(Events, PageSize);
        int retries = result.Verbose.Count(v => v.Message.StartsWith("Retry ", StringComparison.Ordinal));

        _output.WriteLine($"events: {ids.Count} written, {truth.Count} in the log; pages: {pages}");
        _output.WriteLine($"faults injected: {faults} ({string.Join(", ", injected.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))})");
        _output.WriteLine($"requests: {requests}; retries by the module: {retries}; waits asked for: {waits.Waits.Count}, {waits.Waits.Sum(w => w.TotalSeconds):0} s in all");
        foreach (var reason in result.Verbose.Where(v => v.Message.StartsWith("Retry ", StringComparison.Ordinal))
            .GroupBy(v => System.Text.RegularExpressions.Regex.Replace(v.Message.Substring(v.Message.IndexOf(" after: ", StringComparison.Ordinal) + 8), @"GET /\S+", "GET"))
            .OrderByDescending(g => g.Count()))
        {
            _output.WriteLine($"  {reason.Count()} × {reason.Key}");
        }

        result.AssertClean();
        Assert.True(faults >= 1000, $"only {faults} faults were injected");
        Assert.Equal(Enum.GetValues<FaultKind>().Length - 1, injected.Count);
        Assert.Equal(truth.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(truth, ids);
        // Each page came from exactly one answer the plan left alone. Any other such request is one the module gave up
        // on after -TimeoutSec (1 s) because a loaded machine was slow to answer it: rare, and each is a timeout it reported.
        // (A faulted request can time out too; it is still one fault and one request, so it is not counted again.)
        int timeouts = result.Verbose.Count(v => v.Message.StartsWith("Retry ", StringComparison.Ordinal)
            && v.Message.EndsWith(" did not complete within 1 seconds.", StringComparison.Ordinal));
        int slowAnswers = server.Requests.Snapshot().Count(r => r.Fault == FaultKind.None) - pages;
        Assert.InRange(slowAnswers, 0, Math.Min(5, timeouts));
        Assert.Equal(pages + faults + slowAnswers, requests);
        // Every request beyond one a page is a retry of ours, except that HttpClient may itself resend a request whose
        // pooled connection was reset before any answer.
        int resets = injected.GetValueOrDefault(FaultKind.ResetBeforeResponse);
        Assert.InRange(requests - pages - retries, 0, resets);
        Assert.Equal(retries, waits.Waits.Count);
    }
}
