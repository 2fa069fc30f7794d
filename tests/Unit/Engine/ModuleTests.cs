using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Security.Cryptography;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>The staged module folder is what ships: its manifest, exports and metadata.</summary>
public sealed class ModuleTests : IDisposable
{
    private static readonly string[] Cmdlets = { "Connect-Omise", "Disconnect-Omise", "Get-OmiseChargeEvent", "Get-OmiseConnection", "Get-OmiseEvent", "Send-OmiseWebhook", "Test-OmiseWebhookSignature" };
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void The_manifest_passes_Test_ModuleManifest_with_the_stamped_version()
    {
        var result = _ps.Run("Test-ModuleManifest -Path $args[0]", ModulePaths.Manifest);

        result.AssertClean();
        var module = (PSModuleInfo)Assert.Single(result.Output).BaseObject;
        Assert.Equal(typeof(Event).Assembly.GetName().Version!.ToString(3), module.Version.ToString());
        Assert.Equal(new Version(5, 1), module.PowerShellVersion);
        Assert.Equal(new[] { "Core", "Desktop" }, module.CompatiblePSEditions.OrderBy(e => e));
        Assert.Equal(Cmdlets, module.ExportedCmdlets.Keys.OrderBy(k => k));
    }

    [Fact]
    public void Import_by_manifest_exports_exactly_the_cmdlets_from_the_staged_folder()
    {
        var result = _ps.Run("Get-Module OmiseEvents");

        var module = (PSModuleInfo)Assert.Single(result.Output).BaseObject;
        Assert.Equal(ModulePaths.StagedModuleDir.TrimEnd('/'), module.ModuleBase.TrimEnd('/'));
        Assert.Equal(Cmdlets, module.ExportedCommands.Keys.OrderBy(k => k));
        Assert.Empty(module.ExportedFunctions);
        Assert.Empty(module.ExportedAliases);
    }

    [Fact]
    public void The_assembly_the_engine_runs_is_byte_identical_to_the_staged_one()
    {
        // This process loads the cmdlet assembly from its own bin for the service tests, and
        // PowerShell reuses an assembly already loaded: prove that copy is the staged one.
        string loaded = typeof(Event).Assembly.Location;
        string staged = Path.Combine(ModulePaths.StagedModuleDir, "OmiseEvents.Cmdlets.dll");

        Assert.Equal(SHA256.HashData(File.ReadAllBytes(staged)), SHA256.HashData(File.ReadAllBytes(loaded)));
    }

    [Fact]
    public void The_staged_folder_holds_only_what_ships()
    {
        var files = Directory.GetFiles(ModulePaths.StagedModuleDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ModulePaths.StagedModuleDir, f)).OrderBy(f => f, StringComparer.Ordinal).ToList();

        Assert.Contains("OmiseEvents.psd1", files);
        Assert.Contains("OmiseEvents.Cmdlets.dll", files);
        Assert.DoesNotContain(files, f => f.EndsWith(".deps.json", StringComparison.Ordinal) || f.Contains("Test", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.StartsWith("System.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Get-OmiseEvent", "OmiseEvents.Event System.String")]
    [InlineData("Get-OmiseChargeEvent", "OmiseEvents.Event System.String")]
    [InlineData("Connect-Omise", "OmiseEvents.OmiseConnection")]
    [InlineData("Get-OmiseConnection", "OmiseEvents.OmiseConnection")]
    public void Output_types_are_declared(string command, string types)
    {
        var result = _ps.Run("(Get-Command $args[0]).OutputType.Name", command);
        Assert.Equal(types, string.Join(" ", result.Output.Select(o => o.ToString())));
    }

    [Fact]
    public void Get_OmiseEvent_has_the_list_and_by_id_parameter_sets_with_paging()
    {
        var result = _ps.Run("$c = Get-Command Get-OmiseEvent; $c.DefaultParameterSet; $c.ParameterSets.Name; $c.Parameters.Keys");

        var names = result.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("List", names[0]);
        Assert.Contains("ById", names);
        foreach (var p in new[] { "From", "To", "Order", "PageSize", "Key", "Id", "Connection", "First", "Skip", "IncludeTotalCount" })
        {
            Assert.Contains(p, names);
        }
    }

    /// <summary>
    /// What Get-Command -Syntax shows is what runs: -Skip has no place beside -After (it says where
    /// to start), nor -IncludeTotalCount beside -Id (there is no listing to count).
    /// </summary>
    [Fact]
    public void The_syntax_offers_paging_parameters_only_where_they_apply()
    {
        var result = _ps.Run("""
            foreach ($c in 'Get-OmiseEvent', 'Get-OmiseChargeEvent') {
                foreach ($set in (Get-Command $c).ParameterSets) { '{0} {1}: {2}' -f $c, $set.Name, (@($set.Parameters.Name | Where-Object { $_ -in 'Skip', 'First', 'IncludeTotalCount' } | Sort-Object) -join ' ') }
            }
            (Get-Command Get-OmiseEvent -Syntax) -split '\r?\n' | Where-Object { $_ -match '-After' }
            """);

        result.AssertClean();
        Assert.Equal(new[]
        {
            "Get-OmiseEvent List: First IncludeTotalCount Skip",
            "Get-OmiseEvent ById: First Skip",
            "Get-OmiseEvent After: First IncludeTotalCount",
            "Get-OmiseChargeEvent List: First IncludeTotalCount Skip",
            "Get-OmiseChargeEvent After: First IncludeTotalCount",
        }, result.Output.Take(5).Select(o => o.ToString()));
        var afterSyntax = Assert.Single(result.Output.Skip(5)).ToString();
        Assert.DoesNotContain("-Skip", afterSyntax, StringComparison.Ordinal);
        Assert.Contains("[-First <ulong>]", afterSyntax, StringComparison.Ordinal);
    }
}
