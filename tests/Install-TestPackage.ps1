#Requires -Version 7.4
<#
.SYNOPSIS
    Installs the package the build made, as a user would, into a throw-away module folder.
.DESCRIPTION
    Registers -Source (the folder holding OmiseEvents.<version>.nupkg) as a PSResourceGet
    repository and runs Install-PSResource -Scope CurrentUser, in a child pwsh whose HOME is a
    folder under -Destination: the repository and the installed module land there, never in your
    own profile and never in the staged folder. Writes the module folder to import from (put it on
    PSModulePath, or pass it to the suites' -ModulePath).

    On Windows the current user's module folder is Documents\PowerShell\Modules whatever HOME says,
    so there the same package is saved into -Destination with Save-PSResource from the same
    repository instead; Install-PSResource has no path of its own.
.EXAMPLE
    $modules = ./tests/Install-TestPackage.ps1 -Source out -Destination (Join-Path $env:RUNNER_TEMP omise)
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $Source,
    [Parameter(Mandatory)] [string] $Destination
)

$ErrorActionPreference = 'Stop'
$Source = (Resolve-Path -LiteralPath $Source).Path
$Destination = (New-Item -ItemType Directory -Force -Path $Destination).FullName
$userHome = (New-Item -ItemType Directory -Force -Path (Join-Path $Destination 'home')).FullName
$saveTo = (New-Item -ItemType Directory -Force -Path (Join-Path $Destination 'Modules')).FullName
$verb = if ($IsWindows) { "Save-PSResource -Path '$saveTo'" } else { 'Install-PSResource -Scope CurrentUser' }
$script = @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name OmiseEventsBuild -Uri '$Source' -Trusted
$verb -Name OmiseEvents -Repository OmiseEventsBuild -TrustRepository -Quiet
`$env:PSModulePath = '$saveTo' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
Get-Module -ListAvailable -Name OmiseEvents | ForEach-Object { Split-Path (Split-Path `$_.ModuleBase) } | Select-Object -First 1
"@

$savedHome = $env:HOME
$env:HOME = $userHome
try {
    # The pwsh running this script, started again: nothing depends on a pwsh on PATH.
    $location = & dotnet (Join-Path $PSHOME 'pwsh.dll') -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "Installing OmiseEvents from $Source failed (exit code $LASTEXITCODE)." }
}
finally {
    $env:HOME = $savedHome
}
$modules = @($location)[-1]
if (-not $modules -or -not $modules.StartsWith($Destination)) {
    throw "OmiseEvents was not installed under $Destination (found: $modules)."
}
$modules
