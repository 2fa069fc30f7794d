using System.IO;
using System.Linq;
using System.Reflection;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>Where the build staged the module: the tests import exactly that folder.</summary>
public static class ModulePaths
{
    private static string Metadata(string key) => typeof(ModulePaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string StagedModuleDir => Path.GetFullPath(Metadata("StagedModuleDir"));

    public static string Manifest => Path.Combine(StagedModuleDir, "OmiseEvents.psd1");

    public static string RepoRoot => Path.GetFullPath(Metadata("RepoRoot"));
}
