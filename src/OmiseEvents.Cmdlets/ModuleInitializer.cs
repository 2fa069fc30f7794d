using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OmiseEvents;

/// <summary>
/// Windows PowerShell 5.1 runs on .NET Framework, which has no System.Text.Json; the module ships
/// it and its dependencies in <c>dependencies/</c> and resolves them from there, and only them,
/// only for its own requests, so another module's copies of the same names are left alone. On
/// PowerShell 7 the runtime's own System.Text.Json is used and nothing is installed.
/// </summary>
/// <remarks>
/// The folder is the list: the build fills it with the runtime assemblies of the package
/// references (the host's System.Management.Automation excluded), the manifest's FileList is
/// written from what was staged, and the resolver answers for exactly the files it finds there.
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string DependencyFolderName = "dependencies";

    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

    /// <summary>What the resolver answers for, read from the folder when the resolver is installed.</summary>
    private static IReadOnlyDictionary<string, string> _dependencies = new Dictionary<string, string>();

    internal static bool IsNetFramework(string frameworkDescription) =>
        frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    /// <summary>Whether the resolver is installed in this process (never on PowerShell 7).</summary>
    internal static bool Installed { get; private set; }

    public void OnImport()
    {
        if (IsNetFramework(RuntimeInformation.FrameworkDescription) && !Installed)
        {
            _dependencies = DependenciesIn(ModuleFolder);
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            Installed = true;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        if (Installed)
        {
            AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            Installed = false;
        }
    }

    /// <summary>The assemblies in <paramref name="moduleFolder"/>'s <c>dependencies/</c>, by assembly name.</summary>
    internal static IReadOnlyDictionary<string, string> DependenciesIn(string moduleFolder)
    {
        string folder = Path.Combine(moduleFolder, DependencyFolderName);
        var dependencies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (Directory.Exists(folder))
        {
            foreach (string path in Directory.GetFiles(folder, "*.dll"))
            {
                dependencies[Path.GetFileNameWithoutExtension(path)] = path;
            }
        }
        return dependencies;
    }

    /// <summary>The file that answers for <paramref name="requested"/>, or null when it is not ours to answer.</summary>
    internal static string? PathFor(IReadOnlyDictionary<string, string> dependencies, AssemblyName requested) =>
        requested.Name is string name && dependencies.TryGetValue(name, out string? path) ? path : null;

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        if (args.RequestingAssembly is { } requester && !IsOurs(requester))
        {
            return null;
        }
        string? path = PathFor(_dependencies, new AssemblyName(args.Name));
        return path is null ? null : Assembly.LoadFile(path);
    }

    private static bool IsOurs(Assembly assembly) =>
        assembly == typeof(ModuleInitializer).Assembly
        || (PathFor(_dependencies, assembly.GetName()) is string path
            && string.Equals(assembly.Location, path, StringComparison.OrdinalIgnoreCase));
}
