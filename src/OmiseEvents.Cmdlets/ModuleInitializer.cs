using System;
using System.IO;
using System.Linq;
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
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    internal const string DependencyFolderName = "dependencies";

    /// <summary>System.Text.Json 8 and what it needs on .NET Framework, as netstandard2.0 builds.</summary>
    internal static readonly string[] Dependencies =
    {
        "System.Text.Json",
        "System.Text.Encodings.Web",
        "System.Memory",
        "System.Buffers",
        "System.Runtime.CompilerServices.Unsafe",
        "System.Numerics.Vectors",
        "System.Threading.Tasks.Extensions",
        "Microsoft.Bcl.AsyncInterfaces",
    };

    private static readonly string ModuleFolder = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

    internal static bool IsNetFramework(string frameworkDescription) =>
        frameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    /// <summary>Whether the resolver is installed in this process (never on PowerShell 7).</summary>
    internal static bool Installed { get; private set; }

    public void OnImport()
    {
        if (IsNetFramework(RuntimeInformation.FrameworkDescription) && !Installed)
        {
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

    /// <summary>The file that answers for <paramref name="requested"/>, or null when it is not ours to answer.</summary>
    internal static string? PathFor(string moduleFolder, AssemblyName requested)
    {
        if (requested.Name is not string name || !Dependencies.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        string path = Path.Combine(moduleFolder, DependencyFolderName, name + ".dll");
        return File.Exists(path) ? path : null;
    }

    private static Assembly? Resolve(object? sender, ResolveEventArgs args)
    {
        if (args.RequestingAssembly is { } requester && !IsOurs(requester))
        {
            return null;
        }
        string? path = PathFor(ModuleFolder, new AssemblyName(args.Name));
        return path is null ? null : Assembly.LoadFile(path);
    }

    private static bool IsOurs(Assembly assembly) =>
        assembly == typeof(ModuleInitializer).Assembly
        || (assembly.GetName().Name is string name && Dependencies.Contains(name, StringComparer.OrdinalIgnoreCase)
            && string.Equals(Path.GetDirectoryName(assembly.Location), Path.Combine(ModuleFolder, DependencyFolderName), StringComparison.OrdinalIgnoreCase));
}
