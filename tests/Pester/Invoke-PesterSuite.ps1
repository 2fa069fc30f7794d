#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester suite; build.ps1 -Task Test and CI call it.
.DESCRIPTION
    Without -ModulePath the suite imports the module the build staged (out/OmiseEvents/<version>/).
    With -ModulePath it puts that folder first on PSModulePath and imports OmiseEvents by name from
    there: build.ps1 and CI install the package they built into it (tests/Install-TestPackage.ps1),
    so the suite tests the module as installed.

    Pester is 5.9.1 from NuGet (tests/Pester/Pester.csproj, restored when missing), the same
    version on every machine. Runs under PowerShell 7 and Windows PowerShell 5.1. With -ResultPath
    the counts and failures are also written as JSON for build.ps1's summary. Exits 1 when a test
    fails.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $ModulePath,

    [string] $ResultPath
)

# Only this script's own steps stop at the first problem: the preference is not the tests'
# (a test of non-terminating errors must see them as a user does).
function Initialize-Suite {
    [CmdletBinding()]
    param([string] $ModulePath, [string] $Configuration)
    $ErrorActionPreference = 'Stop'
    if ($ModulePath) {
        $ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
        $env:PSModulePath = $ModulePath + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $module = Get-Module -ListAvailable OmiseEvents | Select-Object -First 1
        if (-not $module -or -not $module.ModuleBase.StartsWith($ModulePath)) {
            throw "OmiseEvents is not installed in $ModulePath."
        }
        Write-Information "Testing OmiseEvents $($module.Version) installed at $($module.ModuleBase)" -InformationAction Continue
        $env:OMISE_TEST_MODULE = 'OmiseEvents'
    }
    $env:OMISE_TEST_CONFIGURATION = $Configuration

    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $pester = Join-Path $packages 'pester/5.9.1/tools/Pester.psd1'
    if (-not (Test-Path -LiteralPath $pester)) {
        & dotnet restore (Join-Path $PSScriptRoot 'Pester.csproj') --verbosity quiet
        if ($LASTEXITCODE -ne 0) { throw "dotnet restore of Pester 5.9.1 failed (exit code $LASTEXITCODE)." }
    }
    Import-Module $pester -Force
}

Initialize-Suite -ModulePath $ModulePath -Configuration $Configuration

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $false
$result = Invoke-Pester -Configuration $config

if ($ResultPath) {
    $failures = @($result.Failed | ForEach-Object {
            [ordered]@{ name = $_.ExpandedPath; message = [string]($_.ErrorRecord | Select-Object -First 1) }
        }) + @($result.FailedBlocks + $result.FailedContainers | Where-Object { $_ } | ForEach-Object {
            [ordered]@{ name = "$($_.Name) (setup)"; message = [string]($_.ErrorRecord | Select-Object -First 1) }
        })
    [ordered]@{
        suite = 'pester'; passed = $result.PassedCount; failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
        skipped = $result.SkippedCount + $result.NotRunCount; failures = $failures
    } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath -Encoding utf8
}
exit ([int]($result.Result -ne 'Passed'))
