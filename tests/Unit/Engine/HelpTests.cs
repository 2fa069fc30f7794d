using System;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Get-Help, as a user runs it, finds the shipped MAML and about topic; help and cmdlets agree on every parameter.</summary>
public sealed class HelpTests : IDisposable
{
    private static readonly string[] Cmdlets = { "Connect-Omise", "Disconnect-Omise", "Get-OmiseConnection", "Get-OmiseEvent", "Get-OmiseChargeEvent", "Send-OmiseWebhook", "Test-OmiseWebhookSignature" };
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    public static TheoryData<string> CmdletNames => new(Cmdlets);

    [Fact]
    public void Get_Help_Full_shows_our_synopsis_parameters_and_examples()
    {
        var help = Assert.Single(_ps.Run("Get-Help Get-OmiseEvent -Full").Output);

        Assert.Equal("Lists the events of an Omise account, or gets events by id.", help.Properties["Synopsis"].Value.ToString()!.Trim());
        var parameters = ((PSObject)help.Properties["parameters"].Value).Properties["parameter"].Value as object[];
        var names = parameters!.Cast<PSObject>().Select(p => p.Properties["name"].Value.ToString()).ToList();
        Assert.Equal(new[] { "From", "To", "Order", "PageSize", "Key", "After", "Wait", "PollInterval", "Timeout", "Raw", "Connection", "IncludeTotalCount", "Skip", "First", "Id" }, names);
        var examples = _ps.Run("(Get-Help Get-OmiseEvent -Examples).examples.example.title").Output.Select(o => o.ToString()).ToList();
        Assert.Contains(examples, t => t.Contains("newest 20", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(examples, t => t.Contains("Nightly CSV export", StringComparison.Ordinal));
        Assert.Contains(examples, t => t.Contains("failed webhook deliveries", StringComparison.Ordinal));
        Assert.Contains(examples, t => t.Contains("by endpoint and status", StringComparison.Ordinal));
        Assert.Contains(examples, t => t.Contains("webhook delivery of one event", StringComparison.Ordinal));
        Assert.Contains(examples, t => t.Contains("disputed charge", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Get-OmiseEvent")]
    [InlineData("Get-OmiseChargeEvent")]
    public void PollInterval_and_Timeout_show_their_defaults(string cmdlet)
    {
        var result = _ps.Run("param($c) (Get-Help $c -Parameter PollInterval).defaultValue; (Get-Help $c -Parameter Timeout).defaultValue", cmdlet);

        result.AssertClean();
        Assert.Equal(new[] { ((int)OmiseEvents.Paging.Following.DefaultPollInterval.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "None: -Wait runs until Ctrl+C or the pipeline stops" }, result.Output.Select(o => o.ToString()));
    }

    /// <summary>The README's "What you get" and the help's description name every property an event has.</summary>
    [Fact]
    public void The_readme_and_the_help_name_every_property_of_an_event()
    {
        var properties = typeof(Event).GetProperties().Where(p => !p.IsDefined(typeof(HiddenAttribute), true)).Select(p => p.Name).ToList();
        string readme = System.IO.File.ReadAllText(System.IO.Path.Combine(ModulePaths.RepoRoot, "README.md"));
        int start = readme.IndexOf("### What you get", StringComparison.Ordinal);
        string whatYouGet = readme[start..readme.IndexOf("\n\n", readme.IndexOf("`Get-OmiseEvent` writes", start, StringComparison.Ordinal), StringComparison.Ordinal)];
        string help = string.Join(" ", _ps.Run("(Get-Help Get-OmiseEvent -Full).description | ForEach-Object Text").Output);

        Assert.Contains("Location", properties);
        Assert.Contains("WebhookDeliveriesKnown", properties);
        Assert.All(properties, p => Assert.Contains("`" + p + "`", whatYouGet, StringComparison.Ordinal));
        Assert.All(properties, p => Assert.Matches(@"\b" + p + @"\b", help));
    }

    /// <summary>Each form the event table's Webhooks column takes is explained where the README first shows the table.</summary>
    [Fact]
    public void The_readme_explains_every_form_of_the_Webhooks_column()
    {
        var forms = new[]
        {
            new WebhookDeliveryList(Array.Empty<WebhookDelivery>(), known: true).Summary,
            WebhookDeliveryList.Unknown.Summary,
        };
        string readme = System.IO.File.ReadAllText(System.IO.Path.Combine(ModulePaths.RepoRoot, "README.md"));
        int start = readme.IndexOf("The newest events, as a table", StringComparison.Ordinal);
        string explanation = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        Assert.Equal(new[] { "-", "" }, forms);
        Assert.Contains("`-` when\nthe event has no delivery", explanation, StringComparison.Ordinal);
        Assert.Contains("blank when its API version does not record deliveries", explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_Get_OmiseEvent_example_says_what_it_does()
    {
        var result = _ps.Run("(Get-Help Get-OmiseEvent -Examples).examples.example | ForEach-Object { [pscustomobject]@{ Title = $_.title; Remarks = (($_.remarks | ForEach-Object Text) -join ' ').Trim() } }");

        result.AssertClean();
        Assert.True(result.Output.Count >= 7);
        Assert.All(result.Output, e => Assert.False(string.IsNullOrEmpty((string)e.Properties["Remarks"].Value), $"{e.Properties["Title"].Value} has no description"));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Every_cmdlet_has_a_synopsis_a_description_and_three_examples(string cmdlet)
    {
        var result = _ps.Run("param($c) $h = Get-Help $c -Full; $h.Synopsis; ($h.description | ForEach-Object Text) -join ' '; @($h.examples.example).Count", cmdlet);

        result.AssertClean();
        Assert.DoesNotContain(cmdlet + " ", result.Output[0].ToString()); // not the generated "Get-X [params]" stand-in
        Assert.True(result.Output[1].ToString()!.Length > 100, $"{cmdlet} has no real description");
        Assert.True((int)result.Output[2].BaseObject >= 3, $"{cmdlet} has fewer than three examples");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_and_cmdlet_agree_on_every_parameter_and_each_is_described(string cmdlet)
    {
        var result = _ps.Run("""
            param($c)
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            (Get-Command $c).Parameters.Keys | Where-Object { $_ -notin $common } | ForEach-Object { "cmdlet:$_" }
            (Get-Help $c -Full).parameters.parameter | Where-Object { $_ } | ForEach-Object { "help:$($_.name):$((($_.description | ForEach-Object Text) -join ' ').Length)" }
            """, cmdlet);

        result.AssertClean();
        var lines = result.Output.Select(o => o.ToString()!).ToList();
        var inCmdlet = lines.Where(l => l.StartsWith("cmdlet:", StringComparison.Ordinal)).Select(l => l[7..]).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var inHelp = lines.Where(l => l.StartsWith("help:", StringComparison.Ordinal)).Select(l => l.Split(':')).OrderBy(h => h[1], StringComparer.Ordinal).ToList();
        Assert.Equal(inCmdlet, inHelp.Select(h => h[1]));
        Assert.All(inHelp, h => Assert.True(int.Parse(h[2]) > 20, $"{cmdlet} -{h[1]} has no description"));
    }

    [Fact]
    public void The_about_topic_is_found_and_covers_what_it_promises()
    {
        var text = string.Join("\n", _ps.Run("Get-Help about_OmiseEvents").Output.Select(o => o.ToString()));

        foreach (string heading in new[] { "CONNECTING", "HOW LISTINGS PAGE", "RETENTION", "THE CSV COLUMNS", "WEBHOOK DELIVERIES", "RESUMING AN EXPORT: -After", "FOLLOWING NEW EVENTS: -Wait" })
        {
            Assert.Contains(heading, text);
        }
    }

    [Fact]
    public void The_about_topic_and_the_help_name_every_property_of_a_delivery()
    {
        var about = string.Join("\n", _ps.Run("Get-Help about_OmiseEvents").Output.Select(o => o.ToString()));
        var help = string.Join("\n", _ps.Run("(Get-Help Get-OmiseEvent -Full).description | ForEach-Object Text").Output.Select(o => o.ToString()));

        foreach (var property in typeof(WebhookDelivery).GetProperties().Select(p => p.Name))
        {
            Assert.Matches($@"\b{property}\b", about);
            Assert.Matches($@"\b{property}\b", help);
        }
    }
}
