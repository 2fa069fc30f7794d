#Requires -Version 7.0
<#
.SYNOPSIS
    Fails unless a release tag, the packaged manifest's ModuleVersion and CHANGELOG.md agree.
.DESCRIPTION
    .github/workflows/release.yml runs it before publishing. The tag must be v<ModuleVersion> of
    the manifest inside the one .nupkg in -PackageFolder (the package CI built and tested), the
    package must be named for that version, CHANGELOG.md must have a dated section for it, and the
    manifest must carry that section as its ReleaseNotes (the build stamps it there).
.EXAMPLE
    ./build/Test-ReleaseTag.ps1 -Tag v0.1.0 -PackageFolder out
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Tag,
    [Parameter(Mandatory)] [string] $PackageFolder,
    [string] $Changelog = (Join-Path $PSScriptRoot '../CHANGELOG.md')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$packages = @(Get-ChildItem -LiteralPath $PackageFolder -Filter '*.nupkg')
if ($packages.Count -ne 1) {
    throw "Expected exactly one .nupkg in $PackageFolder, found $($packages.Count)."
}

$unpacked = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid())
try {
    [System.IO.Compression.ZipFile]::ExtractToDirectory($packages[0].FullName, $unpacked)
    $manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $unpacked 'OmiseEvents.psd1')
}
finally {
    Remove-Item -LiteralPath $unpacked -Recurse -Force -ErrorAction SilentlyContinue
}

$version = $manifest.ModuleVersion
$problems = @(
    if ($Tag -cne "v$version") { "The tag '$Tag' is not 'v$version', the packaged manifest's ModuleVersion (Directory.Build.props)." }
    if ($packages[0].Name -ne "OmiseEvents.$version.nupkg") { "The package $($packages[0].Name) is not named for version $version." }
    if (-not (Select-String -LiteralPath $Changelog -Pattern "^## \[$([regex]::Escape($version))\] - \d{4}-\d{2}-\d{2}\s*$" -Quiet)) {
        "CHANGELOG.md has no dated section '## [$version] - YYYY-MM-DD'."
    }
    if (-not $manifest.PrivateData.PSData.ReleaseNotes) { "The packaged manifest has no ReleaseNotes." }
)
if ($problems) {
    $problems | ForEach-Object { Write-Error $_ -ErrorAction Continue }
    exit 1
}
"The tag $Tag, the packaged manifest and CHANGELOG.md agree on version $version."
