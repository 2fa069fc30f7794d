#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and cleans the OmiseEvents module.

.DESCRIPTION
    Clean  Removes out/ and every bin/ and obj/ folder.
    Build  Compiles the cmdlet assembly and stages a loadable module folder at
           out/OmiseEvents/<version>/ (the staging is an MSBuild target, so a plain
           `dotnet build` does the same).
    Test   Runs the xunit suite, which hosts the PowerShell 7.6 engine in-process and drives
           the module against a local Omise emulator; then, when pwsh and Pester 5 are
           installed, the Pester suite in tests/Pester in a child pwsh process, so the module's
           DLL is not left loaded in this session.
    Package  Builds in Release and reports out/OmiseEvents.<version>.nupkg, packed by NuGet from
           the staged folder (a plain `dotnet build -c Release` makes the same file).
    Demo   Starts the bundled emulator, imports the staged module into this session, connects
           and shows the newest events; the emulator stops when the demo ends.

    Nothing here is required by `dotnet build` or `dotnet test`: this script strings them together.

.EXAMPLE
    ./build.ps1 -Task Clean, Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList)
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -LiteralPath (Join-Path $PSScriptRoot 'Directory.Build.props') -Raw)
    @($props.Project.PropertyGroup | ForEach-Object { $_.ModuleVersion } | Where-Object { $_ })[0]
}

function Invoke-Clean {
    Remove-Item -LiteralPath (Join-Path $PSScriptRoot 'out') -Recurse -Force -ErrorAction SilentlyContinue
    Get-ChildItem -LiteralPath $PSScriptRoot -Directory -Recurse -Include bin, obj |
        Where-Object { $_.FullName -notmatch '[\\/]\.git[\\/]' } |
        Remove-Item -Recurse -Force
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'src/OmiseEvents.Cmdlets/OmiseEvents.Cmdlets.csproj'), '-c', $Configuration, '--nologo')
    $staged = Join-Path $PSScriptRoot "out/OmiseEvents/$(Get-ModuleVersion)"
    Write-Host "Staged module: $staged"
}

function Invoke-Test {
    Invoke-Native dotnet @('test', (Join-Path $PSScriptRoot 'OmiseEvents.sln'), '-c', $Configuration, '--nologo')

    $pwsh = Get-Command pwsh -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $pwsh) {
        Write-Warning 'pwsh is not installed: the Pester suite (tests/Pester) was not run. The xunit suite above covers the same behaviour through the hosted engine.'
        return
    }
    $pesterVersion = & $pwsh.Source -NoProfile -NonInteractive -Command '(Get-Module -ListAvailable Pester | Where-Object { $_.Version -ge [version]''5.0'' } | Sort-Object Version -Descending | Select-Object -First 1 | ForEach-Object { $_.Version.ToString() })'
    if (-not $pesterVersion) {
        Write-Warning 'Pester 5 is not installed for pwsh: the Pester suite was not run. Install it with: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser'
        return
    }
    Write-Host "Running the Pester suite with Pester $pesterVersion"
    Invoke-Native $pwsh.Source @('-NoProfile', '-NonInteractive', '-File', (Join-Path $PSScriptRoot 'tests/Pester/Invoke-PesterSuite.ps1'), '-Configuration', $Configuration)
}

function Invoke-Package {
    Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'src/OmiseEvents.Cmdlets/OmiseEvents.Cmdlets.csproj'), '-c', 'Release', '--nologo')
    $package = Join-Path $PSScriptRoot "out/OmiseEvents.$(Get-ModuleVersion).nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        throw "The build did not produce $package."
    }
    Write-Host "Package: $package"
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'tools/OmiseEmulator/OmiseEmulator.csproj'), '-c', $Configuration, '--nologo')
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.Arguments = "`"$(Join-Path $PSScriptRoot "tools/OmiseEmulator/bin/$Configuration/net10.0/OmiseEmulator.dll")`" --port 0 --events 5000"
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $emulator = [System.Diagnostics.Process]::Start($start)
    try {
        $ready = $null
        while ($null -ne ($line = $emulator.StandardOutput.ReadLine())) {
            if ($line.StartsWith('ready: ')) { $ready = $line.Substring(7) | ConvertFrom-Json; break }
        }
        if (-not $ready) { throw 'The emulator did not start.' }
        Import-Module (Join-Path $PSScriptRoot "out/OmiseEvents/$(Get-ModuleVersion)/OmiseEvents.psd1") -Force -Global
        $key = [System.Security.SecureString]::new()
        foreach ($c in $ready.testKey.ToCharArray()) { $key.AppendChar($c) }
        Connect-Omise -SecretKey $key -BaseUri $ready.baseUri -PassThru | Format-Table | Out-Host
        Get-OmiseEvent -Order ReverseChronological -First 10 | Format-Table | Out-Host
        Write-Host "Emulator: $($ready.baseUri)  test key: $($ready.testKey)"
    }
    finally {
        $emulator.Kill()
        $emulator.WaitForExit()
    }
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    & "Invoke-$name"
}
