using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Management.Automation;
using System.Xml.Linq;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// The .nupkg is the product most users meet. NuGet packs it at build from the staged folder, its
/// nuspec filled from the staged manifest: its metadata agrees with the manifest, it holds exactly the
/// staged files, byte for byte, and once unpacked on a PSModulePath the module imports by name and
/// works. Changes $env:PSModulePath, so it runs apart from the tests that set process-wide variables.
/// </summary>
[Collection(nameof(EnvironmentCollection))]
public sealed class PackageTests : EngineTest
{
    /// <summary>What NuGet adds beside the module's files: the nuspec and the OPC parts (package/ holds the .psmdcp).</summary>
    private static bool IsPackagingPart(string entry) =>
        entry is "OmiseEvents.nuspec" or "[Content_Types].xml" or "_rels/.rels" || entry.StartsWith("package/", StringComparison.Ordinal);

    public PackageTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    private static PSModuleInfo Manifest(PowerShellSession ps) =>
        (PSModuleInfo)ps.Run("Test-ModuleManifest -Path $args[0]", ModulePaths.Manifest).Output.Single().BaseObject;

    private static string PackagePath(PSModuleInfo manifest) =>
        Path.Combine(ModulePaths.RepoRoot, "out", $"OmiseEvents.{manifest.Version}.nupkg");

    [Fact]
    public void The_nuspec_is_made_from_the_manifest_with_the_gallery_tags()
    {
        var manifest = Manifest(Ps);
        using var zip = ZipFile.OpenRead(PackagePath(manifest));
        var nuspec = XDocument.Load(zip.GetEntry("OmiseEvents.nuspec")!.Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        string Field(string name) => metadata.Element(ns + name)!.Value;
        var psData = (System.Collections.Hashtable)((System.Collections.Hashtable)manifest.PrivateData)["PSData"]!;

        Assert.Equal("OmiseEvents", Field("id"));
        Assert.Equal(manifest.Version.ToString(), Field("version"));
        Assert.Equal(manifest.Author, Field("authors"));
        Assert.Equal(manifest.Description, Field("description"));
        Assert.Equal(manifest.ProjectUri.ToString(), Field("projectUrl"));
        Assert.Equal(manifest.LicenseUri.ToString(), Field("licenseUrl"));
        // XML reads any line break as \n; a checkout with CRLF line ends has them in the manifest.
        Assert.Equal(((string)psData["ReleaseNotes"]!).Replace("\r\n", "\n"), Field("releaseNotes"));
        Assert.StartsWith("### Added", Field("releaseNotes"));
        var tags = Field("tags").Split(' ');
        foreach (string tag in new[] { "PSModule", "PSIncludes_Cmdlet", "PSEdition_Core", "PSEdition_Desktop", "Omise", "Payments" })
        {
            Assert.Contains(tag, tags);
        }
        foreach (string cmdlet in manifest.ExportedCmdlets.Keys)
        {
            Assert.Contains("PSCmdlet_" + cmdlet, tags);
            Assert.Contains("PSCommand_" + cmdlet, tags);
        }
    }

    [Fact]
    public void Package_staged_folder_and_FileList_hold_exactly_the_same_files()
    {
        var manifest = Manifest(Ps);
        using var zip = ZipFile.OpenRead(PackagePath(manifest));

        var packaged = zip.Entries.Select(e => e.FullName).Where(f => !IsPackagingPart(f)).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var staged = Directory.GetFiles(ModulePaths.StagedModuleDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ModulePaths.StagedModuleDir, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var listed = manifest.FileList.Select(f => Path.GetRelativePath(ModulePaths.StagedModuleDir, f).Replace('\\', '/')).OrderBy(f => f, StringComparer.Ordinal).ToList();

        Assert.Equal(listed, staged);
        Assert.Equal(listed, packaged);
        Assert.DoesNotContain(packaged, f => f.EndsWith(".pdb", StringComparison.Ordinal) || f.EndsWith(".deps.json", StringComparison.Ordinal)
            || f.Contains("Test", StringComparison.Ordinal) || f.Contains("System.Management.Automation", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_packaged_file_is_the_staged_file_byte_for_byte()
    {
        using var zip = ZipFile.OpenRead(PackagePath(Manifest(Ps)));

        var moduleFiles = zip.Entries.Where(e => !IsPackagingPart(e.FullName)).ToList();
        Assert.NotEmpty(moduleFiles);
        foreach (var entry in moduleFiles)
        {
            using var packaged = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(packaged);
            }
            Assert.True(File.ReadAllBytes(Path.Combine(ModulePaths.StagedModuleDir, entry.FullName)).AsSpan().SequenceEqual(packaged.ToArray()),
                $"{entry.FullName} in the package differs from the staged file");
        }
    }

    [Fact]
    public void Unpacked_on_a_PSModulePath_it_imports_by_name_and_lists_events()
    {
        var manifest = Manifest(Ps);
        string root = Path.Combine(Path.GetTempPath(), "omise-package-" + Guid.NewGuid().ToString("N"));
        string folder = Path.Combine(root, "OmiseEvents", manifest.Version.ToString());
        string? previous = Environment.GetEnvironmentVariable("PSModulePath");
        try
        {
            using (var zip = ZipFile.OpenRead(PackagePath(manifest)))
            {
                foreach (var entry in zip.Entries.Where(e => !IsPackagingPart(e.FullName)))
                {
                    string target = Path.Combine(folder, entry.FullName);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    entry.ExtractToFile(target);
                }
            }
            using var fresh = new PowerShellSession(importModule: false);

            var result = fresh.Run("""
                param($modules, $key, $uri)
                $env:PSModulePath = $modules
                Import-Module OmiseEvents -ErrorAction Stop
                (Get-Module OmiseEvents).ModuleBase
                Connect-Omise -SecretKey $key -BaseUri $uri
                Get-OmiseEvent -First 5
                """, root, PowerShellSession.Secure(Server.TestKey), Server.BaseUri);

            result.AssertClean();
            Assert.Equal(folder, result.Output[0].ToString());
            Assert.Equal(Server.TestLog.Visible().Take(5).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PSModulePath", previous);
            Directory.Delete(root, recursive: true);
        }
    }
}
