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
    [CmdletBinding(SupportsShouldProcess)]
    param([int] $Events = 600)

    if (-not $PSCmdlet.ShouldProcess("an Omise emulator with $Events events on a free loopback port", 'Start')) {
        return
    }

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
        # The emulator's clock when it started, as Get-Date gives a time: local. (pwsh 7's
        # ConvertFrom-Json has already read the text as a time; Windows PowerShell 5.1's has not.)
        Now       = $(if ($ready.now -is [datetime]) { $ready.now.ToUniversalTime() } else { [datetimeoffset]::Parse($ready.now, [cultureinfo]::InvariantCulture).UtcDateTime }).ToLocalTime()
    }
}

function Stop-OmiseEmulator {
    [CmdletBinding(SupportsShouldProcess)]
    param($Emulator)
    if ($Emulator -and -not $Emulator.Process.HasExited -and $PSCmdlet.ShouldProcess($Emulator.BaseUri, 'Stop the emulator')) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit()
    }
}

# This pwsh started again as a child process: its own executable, or under the dotnet tool
# (`dotnet pwsh`) dotnet with its pwsh.dll. Redirections (2>&1) work on the call as on a native one.
function Invoke-ChildPwsh {
    $path = (Get-Process -Id $PID).Path
    if ([System.IO.Path]::GetFileNameWithoutExtension($path) -eq 'dotnet') {
        & $path (Join-Path $PSHOME 'pwsh.dll') @args
    }
    else {
        & $path @args
    }
}

function ConvertTo-TestSecureString {
    param([string] $Text)
    $secure = [System.Security.SecureString]::new()
    foreach ($c in $Text.ToCharArray()) { $secure.AppendChar($c) }
    $secure.MakeReadOnly()
    $secure
}
