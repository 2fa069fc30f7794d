using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// The README's "In use" output is real: the tables the hosted engine can draw (it has no
/// Select-Object, Group-Object or Export-Csv) are drawn again against the emulator the README
/// names, with 5000 events and the default seed.
/// </summary>
public sealed class ReadmeInUseTests : IClassFixture<ReadmeInUseTests.ReadmeEmulator>
{
    private readonly ReadmeEmulator _emulator;

    public ReadmeInUseTests(ReadmeEmulator emulator) => _emulator = emulator;

    /// <summary>The emulator as the README's quick start runs it.</summary>
    public sealed class ReadmeEmulator : EmulatorFixture
    {
        public ReadmeEmulator() : base(5000)
        {
        }
    }

    /// <summary>
    /// The output the README shows under <c>PS&gt; command</c>. Its times were written in UTC;
    /// tables show local time, so they are turned into this machine's.
    /// </summary>
    private static string[] ReadmeOutput(string command)
    {
        string readme = File.ReadAllText(Path.Combine(ModulePaths.RepoRoot, "README.md"));
        string prompt = "PS> " + command + "\n\n";
        int start = readme.IndexOf(prompt, StringComparison.Ordinal);
        Assert.True(start >= 0, $"the README does not show `{command}` and its output");
        start += prompt.Length;
        string block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        return block.TrimEnd('\n').Split('\n')
            .Select(line => Regex.Replace(line, @"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", m =>
                DateTime.SpecifyKind(DateTime.ParseExact(m.Value, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), DateTimeKind.Utc)
                    .ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)))
            .ToArray();
    }

    [Theory]
    [InlineData("Get-OmiseEvent -Order ReverseChronological -First 5")]
    [InlineData("(Get-OmiseEvent -Id evnt_test_5nr2qa0qmyih2h2szir).WebhookDeliveries")]
    public void The_readme_shows_what_the_engine_draws(string command)
    {
        Assert.Equal(ReadmeOutput(command), RecordingHost.Draw(_emulator.Server, command));
    }
}
