using System;
using System.Collections.Generic;
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
/// machine: the module's dependencies/ folder holds exactly what its assembly needs beyond what
/// .NET Framework and the host provide, every reference among them is satisfied, the resolver
/// answers for exactly the files in that folder, and on PowerShell 7 nothing is installed. The
/// sources' .NET Framework 4.7.2 compile is tests/NetFrameworkCompile, built with the solution;
/// the module itself runs on Windows PowerShell 5.1 in .github/workflows/ci.yml.
/// </summary>
public sealed class WindowsPowerShellTests : IDisposable
{
    private static readonly string DependencyFolder = Path.Combine(ModulePaths.StagedModuleDir, ModuleInitializer.DependencyFolderName);
    private static readonly string ModuleAssembly = Path.Combine(ModulePaths.StagedModuleDir, "OmiseEvents.Cmdlets.dll");

    /// <summary>What .NET Framework 4.7.2 (with its netstandard facade) and Windows PowerShell provide.</summary>
    private static readonly string[] ProvidedByHost = { "mscorlib", "netstandard", "System.Management.Automation" };

    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    private static IReadOnlyDictionary<string, string> Staged => ModuleInitializer.DependenciesIn(ModulePaths.StagedModuleDir);

    private static IEnumerable<(string Name, Version Version)> References(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(metadata.GetAssemblyReference)
            .Select(r => (metadata.GetString(r.Name), r.Version)).ToList();
    }

    [Fact]
    public void The_dependencies_folder_holds_exactly_what_the_module_needs_beyond_the_host()
    {
        var needed = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        var toRead = new Queue<string>(new[] { ModuleAssembly });
        while (toRead.Count > 0)
        {
            string assembly = toRead.Dequeue();
            foreach (var (name, _) in References(assembly))
            {
                if (ProvidedByHost.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (!Staged.TryGetValue(name, out string? path))
                {
                    missing.Add($"{Path.GetFileName(assembly)} needs {name}");
                }
                else if (needed.Add(name))
                {
                    toRead.Enqueue(path);
                }
            }
        }

        Assert.Empty(missing);
        Assert.Contains("System.Text.Json", needed);
        Assert.Equal(needed, Staged.Keys.OrderBy(n => n, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_resolver_answers_for_the_files_in_dependencies_and_nothing_else()
    {
        Assert.NotEmpty(Staged);
        foreach (string file in Directory.GetFiles(DependencyFolder))
        {
            string? path = ModuleInitializer.PathFor(Staged, new AssemblyName(Path.GetFileNameWithoutExtension(file) + ", Version=99.0.0.0"));
            Assert.Equal(file, path);
        }
        foreach (string other in new[] { "System.Management.Automation", "Newtonsoft.Json", "System.Text.Json.Extra", "OmiseEvents.Cmdlets" })
        {
            Assert.Null(ModuleInitializer.PathFor(Staged, new AssemblyName(other)));
        }
    }

    [Fact]
    public void Every_reference_to_a_dependency_is_satisfied_by_the_staged_version()
    {
        var shipped = Staged.ToDictionary(d => d.Key, d => AssemblyName.GetAssemblyName(d.Value).Version!, StringComparer.OrdinalIgnoreCase);

        foreach (string file in Staged.Values.Append(ModuleAssembly))
        {
            foreach (var (name, version) in References(file))
            {
                if (shipped.TryGetValue(name, out var staged))
                {
                    Assert.True(staged >= version, $"{Path.GetFileName(file)} needs {name} {version}, {staged} is staged");
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
