using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>The README's quick start, run as written (only the emulator's port differs). It sets $env:OMISE_SECRET_KEY.</summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class ReadmeQuickStartTests : EngineTest
{
    public ReadmeQuickStartTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    public override void Dispose()
    {
        Environment.SetEnvironmentVariable("OMISE_SECRET_KEY", null);
        base.Dispose();
    }

    private static string QuickStartBlock()
    {
        string readme = File.ReadAllText(Path.Combine(ModulePaths.RepoRoot, "README.md"));
        string section = readme[readme.IndexOf("## Quick start", StringComparison.Ordinal)..];
        return Regex.Match(section, "```powershell\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
    }

    [Fact]
    public void The_quick_start_works_as_written()
    {
        string script = QuickStartBlock().Replace("http://127.0.0.1:12111", Emulator.BaseUri.ToString().TrimEnd('/'), StringComparison.Ordinal);
        Assert.Contains("Connect-Omise", script);

        // Set-Location lives in a module the engine package lacks; the session API does the same.
        var result = Ps.Run($"$ExecutionContext.SessionState.Path.SetLocation('{ModulePaths.RepoRoot}') | Out-Null\n{script}");

        result.AssertClean();
        var log = Emulator.Server.TestLog;
        var newestFive = log.Visible().Reverse().Take(5).Select(e => e.Id);
        var disputedCharges = log.Visible().Where(e => e.Key.StartsWith("charge.dispute.", StringComparison.Ordinal))
            .Select(e => e.ChargeId!).Distinct();
        var expected = newestFive.Concat(disputedCharges.SelectMany(c => log.EventsOfCharge(c)!).Select(e => e.Id));
        Assert.Equal(expected, result.Objects<Event>().Select(e => e.Id));
    }
}
