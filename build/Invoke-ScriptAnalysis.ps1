#Requires -Version 7.4
<#
.SYNOPSIS
    PSScriptAnalyzer over the staged module and every PowerShell script of the repository.
.DESCRIPTION
    Analyses the staged module folder (out/OmiseEvents/<version>/, its manifest and ps1xml files)
    and every *.ps1 outside out/, bin/ and obj/ with the default rules. Any finding of severity
    Warning or above fails. PSScriptAnalyzer is taken from PSModulePath (the GitHub workflow
    installs it from the Gallery) or else from ../shared/tools/modules beside the repository, where
    this project's own CI has a built copy of 1.25.0; with neither, the check says so and is
    skipped. With -ResultPath the counts and findings are also written as JSON for build.ps1.
#>
[CmdletBinding()]
param(
    [string] $ResultPath
)

$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path

if (-not (Get-Module -ListAvailable PSScriptAnalyzer)) {
    $shared = Join-Path $repo '../shared/tools/modules'
    if (Test-Path -LiteralPath (Join-Path $shared 'PSScriptAnalyzer')) {
        $env:PSModulePath = (Resolve-Path -LiteralPath $shared).Path + [System.IO.Path]::PathSeparator + $env:PSModulePath
    }
}
$analyzer = Get-Module -ListAvailable PSScriptAnalyzer | Sort-Object Version -Descending | Select-Object -First 1
if (-not $analyzer) {
    Write-Warning 'PSScriptAnalyzer is not installed (neither on PSModulePath nor in ../shared/tools/modules): the analysis was skipped.'
    if ($ResultPath) { [ordered]@{ suite = 'scriptanalyzer'; skipped = $true } | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding utf8 }
    exit 0
}
Import-Module $analyzer

$props = [xml](Get-Content -LiteralPath (Join-Path $repo 'Directory.Build.props') -Raw)
$version = @($props.Project.PropertyGroup | ForEach-Object { $_.ModuleVersion } | Where-Object { $_ })[0]
$staged = Join-Path $repo "out/OmiseEvents/$version"
if (-not (Test-Path -LiteralPath $staged)) { throw "The module is not staged at $staged. Build first." }

$paths = @($staged) + @(Get-ChildItem -LiteralPath $repo -Recurse -File -Filter *.ps1 |
        Where-Object { $_.FullName.Substring($repo.Length) -notmatch '[\\/](out|bin|obj|node_modules|\.git)[\\/]' } |
        ForEach-Object FullName)
$findings = @($paths | ForEach-Object { Invoke-ScriptAnalyzer -Path $_ -Recurse } |
        Where-Object { $_.Severity -ge [Microsoft.Windows.PowerShell.ScriptAnalyzer.Generic.DiagnosticSeverity]::Warning })

foreach ($finding in $findings) {
    $where = if ($finding.ScriptPath) { [System.IO.Path]::GetRelativePath($repo, $finding.ScriptPath) } else { $finding.ScriptName }
    Write-Information "${where}:$($finding.Line): $($finding.Severity) $($finding.RuleName): $($finding.Message)" -InformationAction Continue
}
Write-Information "PSScriptAnalyzer $($analyzer.Version): $($findings.Count) warnings in $($paths.Count) paths (the staged module and every script)" -InformationAction Continue
if ($ResultPath) {
    [ordered]@{
        suite = 'scriptanalyzer'; version = "$($analyzer.Version)"; paths = $paths.Count; warnings = $findings.Count
        failures = @($findings | ForEach-Object { [ordered]@{ name = "$($_.ScriptName):$($_.Line) $($_.RuleName)"; message = $_.Message } })
    } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath -Encoding utf8
}
exit ([int]($findings.Count -gt 0))
