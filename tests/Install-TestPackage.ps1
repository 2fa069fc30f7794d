#Requires -Version 7.4
<#
.SYNOPSIS
    Installs the package the build made, as a user would, into a throw-away module folder.
.DESCRIPTION
    Registers -Source (the folder holding OmiseEvents.<version>.nupkg) as a PSResourceGet
    repository under a name of its own, runs Install-PSResource -Scope CurrentUser, and removes the
    registration, in a child pwsh whose HOME is a folder under -Destination: the installed module
    lands there, never in your own profile and never in the staged folder. Writes the module folder to import from (put it on
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
. (Join-Path $PSScriptRoot 'Pester/TestHelpers.ps1')
$Source = (Resolve-Path -LiteralPath $Source).Path
$Destination = (New-Item -ItemType Directory -Force -Path $Destination).FullName
$userHome = (New-Item -ItemType Directory -Force -Path (Join-Path $Destination 'home')).FullName
$saveTo = (New-Item -ItemType Directory -Force -Path (Join-Path $Destination 'Modules')).FullName
# The child reads its paths from the environment, never from pasted text, and registers the
# folder under a name of its own that it removes again: nothing stays in any profile.
$script = {
    $ErrorActionPreference = 'Stop'
    $repository = "OmiseEventsBuild$PID"
    Register-PSResourceRepository -Name $repository -Uri $env:OMISE_INSTALL_SOURCE -Trusted
    try {
        if ($IsWindows) {
            Save-PSResource -Name OmiseEvents -Repository $repository -Path $env:OMISE_INSTALL_TO -TrustRepository -Quiet
        }
        else {
            Install-PSResource -Name OmiseEvents -Repository $repository -Scope CurrentUser -TrustRepository -Quiet
        }
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $env:PSModulePath = $env:OMISE_INSTALL_TO + [System.IO.Path]::PathSeparator + $env:PSModulePath
    Get-Module -ListAvailable -Name OmiseEvents | ForEach-Object { Split-Path (Split-Path $_.ModuleBase) } | Select-Object -First 1
}

$saved = @{ HOME = $env:HOME; XDG_DATA_HOME = $env:XDG_DATA_HOME; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME }
$env:HOME = $userHome
$env:XDG_DATA_HOME = Join-Path $userHome '.local/share'
$env:XDG_CONFIG_HOME = Join-Path $userHome '.config'
$env:OMISE_INSTALL_SOURCE = $Source
$env:OMISE_INSTALL_TO = $saveTo
try {
    # The pwsh running this script, started again: nothing depends on a pwsh on PATH.
    $location = Invoke-ChildPwsh -NoProfile -NonInteractive -Command $script.ToString()
    if ($LASTEXITCODE -ne 0) { throw "Installing OmiseEvents from $Source failed (exit code $LASTEXITCODE)." }
}
finally {
    foreach ($name in $saved.Keys) { Set-Item -Path "Env:$name" -Value $saved[$name] }
    Remove-Item Env:OMISE_INSTALL_SOURCE, Env:OMISE_INSTALL_TO
}
$modules = @($location)[-1]
if (-not $modules -or -not $modules.StartsWith($Destination)) {
    throw "OmiseEvents was not installed under $Destination (found: $modules)."
}
$modules
