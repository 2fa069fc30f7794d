# Shared by the Pester suite: find the module under test, start and stop the emulator.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-StagedManifest {
    $props = [xml](Get-Content -LiteralPath (Join-Path $script:RepoRoot 'Directory.Build.props') -Raw)
    $version = @($props.Project.PropertyGroup | ForEach-Object { $_.ModuleVersion } | Where-Object { $_ })[0]
    $manifest = Join-Path $script:RepoRoot "out/OmiseEvents/$version/OmiseEvents.psd1"
    if (-not (Test-Path -LiteralPath $manifest)) {
        throw "The module is not staged at $manifest. Run 'dotnet build' or './build.ps1 -Task Build' first."
    }
    $manifest
}

# The module the suite imports: $env:OMISE_TEST_MODULE (a name on PSModulePath, or a manifest's
# path), or else the one the build staged.
function Get-TestModule {
    if ($env:OMISE_TEST_MODULE) {
        return $env:OMISE_TEST_MODULE
    }
    Get-StagedManifest
}

function Start-OmiseEmulator {
    [CmdletBinding()]
    param([int] $Events = 600)

    $configuration = if ($env:OMISE_TEST_CONFIGURATION) { $env:OMISE_TEST_CONFIGURATION } else { '*' }
    $dll = Get-ChildItem -Path (Join-Path $script:RepoRoot "tools/OmiseEmulator/bin/$configuration/net10.0/OmiseEmulator.dll") -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    if (-not $dll) {
        throw "The emulator is not built. Run 'dotnet build' first."
    }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.Arguments = "`"$($dll.FullName)`" --port 0 --events $Events"
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($start)

    # The emulator prints one machine-readable line once it is listening.
    $ready = $null
    while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
        if ($line.StartsWith('ready: ')) {
            $ready = $line.Substring(7) | ConvertFrom-Json
            break
        }
    }
    if (-not $ready) {
        $process.Kill()
        throw 'The emulator exited before it was ready.'
    }
    [pscustomobject]@{
        Process   = $process
        BaseUri   = $ready.baseUri
        TestKey   = $ready.testKey
        LiveKey   = $ready.liveKey
        PublicKey = $ready.publicKey
        ChargeId  = $ready.chargeId
        Events    = $Events
    }
}

function Stop-OmiseEmulator {
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit()
    }
}

function ConvertTo-TestSecureString {
    param([string] $Text)
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    $secure
}
