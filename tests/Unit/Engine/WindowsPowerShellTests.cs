using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// What can be proven here about Windows PowerShell 5.1 (.NET Framework), which cannot run on this
/// machine: the dependencies it needs are staged, the resolver answers for exactly them, every
/// reference among them is satisfied, and on PowerShell 7 nothing is installed. The sources'
/// .NET Framework 4.7.2 compile is tests/NetFrameworkCompile, built with the solution.
/// </summary>
public sealed class WindowsPowerShellTests : IDisposable
{
    private static readonly string DependencyFolder = Path.Combine(ModulePaths.StagedModuleDir, ModuleInitializer.DependencyFolderName);
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    [Fact]
    public void The_staged_dependencies_are_exactly_the_resolvers_list()
    {
        var staged = Directory.GetFiles(DependencyFolder).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal);
        Assert.Equal(ModuleInitializer.Dependencies.Select(d => d + ".dll").OrderBy(f => f, StringComparer.Ordinal), staged);
    }

    [Fact]
    public void The_resolver_answers_for_its_dependencies_and_nothing_else()
    {
        foreach (string name in ModuleInitializer.Dependencies)
        {
            string? path = ModuleInitializer.PathFor(ModulePaths.StagedModuleDir, new AssemblyName(name + ", Version=99.0.0.0"));
            Assert.Equal(Path.Combine(DependencyFolder, name + ".dll"), path);
        }
        foreach (string other in new[] { "System.Management.Automation", "Newtonsoft.Json", "System.Text.Json.Extra", "OmiseEvents.Cmdlets" })
        {
            Assert.Null(ModuleInitializer.PathFor(ModulePaths.StagedModuleDir, new AssemblyName(other)));
        }
    }

    [Fact]
    public void Every_reference_to_a_dependency_is_satisfied_by_the_staged_version()
    {
        var shipped = ModuleInitializer.Dependencies.ToDictionary(d => d, d => AssemblyName.GetAssemblyName(Path.Combine(DependencyFolder, d + ".dll")).Version!);
        var assemblies = ModuleInitializer.Dependencies.Select(d => Path.Combine(DependencyFolder, d + ".dll"))
            .Append(Path.Combine(ModulePaths.StagedModuleDir, "OmiseEvents.Cmdlets.dll"));

        foreach (string file in assemblies)
        {
            using var pe = new PEReader(File.OpenRead(file));
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                string name = metadata.GetString(reference.Name);
                if (shipped.TryGetValue(name, out var version))
                {
                    Assert.True(version >= reference.Version, $"{Path.GetFileName(file)} needs {name} {reference.Version}, {version} is staged");
                }
            }
        }
    }

    [Fact]
    public void Json_is_among_what_the_module_references_so_the_list_is_needed()
    {
        var references = typeof(Event).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        Assert.Contains("System.Text.Json", references);
        Assert.Contains("netstandard", references);
    }

    [Theory]
    [InlineData(".NET Framework 4.8.9232.0", true)]
    [InlineData(".NET Framework 4.7.2", true)]
    [InlineData(".NET 10.0.12", false)]
    [InlineData(".NET 8.0.21", false)]
    public void The_resolver_is_for_dotnet_framework_only(string framework, bool installs) =>
        Assert.Equal(installs, ModuleInitializer.IsNetFramework(framework));

    [Fact]
    public void On_PowerShell_7_importing_installs_nothing_and_json_comes_from_the_runtime()
    {
        var result = _ps.Run("Get-Module OmiseEvents");

        Assert.Single(result.Output);
        Assert.False(ModuleInitializer.Installed);
        string json = typeof(System.Text.Json.JsonDocument).Assembly.Location;
        Assert.StartsWith(Path.GetDirectoryName(typeof(object).Assembly.Location)!, json);
    }
}
