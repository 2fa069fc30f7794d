using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using Xunit;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// Runs a script in a child process of the official pwsh pinned in .config/dotnet-tools.json
/// (<c>dotnet pwsh</c>), for what only a fresh process shows: .NET reads the proxy environment
/// variables once per process, so the test host's own engine cannot be given new ones.
/// </summary>
public static class OfficialPwsh
{
    private static readonly Lazy<Task> Restored = new(() => RunAsync("dotnet", "tool restore", new Dictionary<string, string?>(), TimeSpan.FromMinutes(5)));

    /// <summary>
    /// The script's standard output. <paramref name="environment"/> is applied over the test host's
    /// (a null value removes a variable); pwsh's update check and telemetry are off, so the process sends nothing of its own.
    /// </summary>
    public static async Task<string> RunAsync(string script, IDictionary<string, string?> environment)
    {
        await Restored.Value;
        environment["POWERSHELL_UPDATECHECK"] = "Off";
        environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        string encoded = Convert.ToBase64String(System.Text.Encoding.Unicode.GetBytes(script));
        return await RunAsync("dotnet", $"tool run pwsh -- -NoProfile -NonInteractive -EncodedCommand {encoded}", environment, TimeSpan.FromMinutes(2));
    }

    private static async Task<string> RunAsync(string file, string arguments, IDictionary<string, string?> environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = ModulePaths.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(limit)) != exited)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{file} {arguments} did not finish within {limit.TotalSeconds} s.");
        }
        if (process.ExitCode != 0 || (await error).Length > 0)
        {
            throw new Xunit.Sdk.XunitException($"{file} {arguments.Split(' ')[0]} … exited {process.ExitCode}:{Environment.NewLine}{await error}{await output}");
        }
        return await output;
    }
}
