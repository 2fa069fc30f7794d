#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the Pester suite; build.ps1 -Task Test and CI call it.
.DESCRIPTION
    Without -ModulePath the suite imports the module the build staged (out/OmiseEvents/<version>/).
    With -ModulePath it puts that folder first on PSModulePath and imports OmiseEvents by name from
    there: CI saves the package it built into it, so the suite tests the module as installed.
    Runs under PowerShell 7 and Windows PowerShell 5.1, and exits non-zero when any test fails, so
    the build fails with it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
if ($ModulePath) {
    $ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
    $env:PSModulePath = $ModulePath + [System.IO.Path]::PathSeparator + $env:PSModulePath
    $module = Get-Module -ListAvailable OmiseEvents | Select-Object -First 1
    if (-not $module -or -not $module.ModuleBase.StartsWith($ModulePath)) {
        throw "OmiseEvents is not installed in $ModulePath."
    }
    Write-Host "Testing OmiseEvents $($module.Version) installed at $($module.ModuleBase)"
    $env:OMISE_TEST_MODULE = 'OmiseEvents'
}
Import-Module Pester -MinimumVersion 5.0
$env:OMISE_TEST_CONFIGURATION = $Configuration

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.Exit = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $false
Invoke-Pester -Configuration $config
