#Requires -Version 7.0
<#
.SYNOPSIS
    Runs the Pester suite; build.ps1 -Task Test calls it in a child pwsh process.
.DESCRIPTION
    Exits non-zero when any test fails, so the build fails with it.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Import-Module Pester -MinimumVersion 5.0
$env:OMISE_TEST_CONFIGURATION = $Configuration

$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.Exit = $true
$config.Output.Verbosity = 'Detailed'
$config.TestResult.Enabled = $false
Invoke-Pester -Configuration $config
