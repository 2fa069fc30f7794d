#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests and cleans the OmiseEvents module.

.DESCRIPTION
    Clean  Removes out/ and every bin/ and obj/ folder.
    Build  Compiles the cmdlet assembly and stages a loadable module folder at
           out/OmiseEvents/<version>/ (the staging is an MSBuild target, so a plain
           `dotnet build` does the same).
    Test   Every suite, in the official pwsh pinned in .config/dotnet-tools.json (dotnet tool
           restore; started as a child process, so the module's DLL is not left loaded here):
           the xunit suite (the PowerShell 7.6 engine hosted in-process, driving the module against
           the local Omise emulator; it also builds, stages and packs), the package installed with
           Install-PSResource into a throw-away folder (tests/Install-TestPackage.ps1), the Pester
           suite against it (tests/Pester/Invoke-PesterSuite.ps1), the documentation's examples
           against the emulator (tests/Examples/Invoke-ExampleSuite.ps1), and PSScriptAnalyzer
           (build/Invoke-ScriptAnalysis.ps1). Prints a line a suite, the total last, then each
           failure; fails when a test fails or the analyzer warns. `.ci/run` calls this.
    Package  Builds in Release and reports out/OmiseEvents.<version>.nupkg, packed by NuGet from
           the staged folder (a plain `dotnet build -c Release` makes the same file).
    Demo   Builds, starts the bundled emulator, imports the staged module into this session,
           connects and shows the newest events and what to try next. Under `pwsh -NoExit` the
           session stays, with the emulator until you exit; otherwise the emulator stops when the
           demo ends.

    Nothing here is required by `dotnet build` or `dotnet test`: this script strings them together.

.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
    dotnet tool restore; dotnet pwsh -NoExit ./build.ps1 -Task Demo
#>
[CmdletBinding()]
param(
    [ValidateSet('Clean', 'Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Test: the folder of the package to install and test (CI: the one its build job made and
    # will publish); by default out/, the package this run's build made.
    [string] $PackageSource
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
    param([string] $Configuration)
    Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'src/OmiseEvents.Cmdlets/OmiseEvents.Cmdlets.csproj'), '-c', $Configuration, '--nologo') | Out-Host
    $staged = Join-Path $PSScriptRoot "out/OmiseEvents/$(Get-ModuleVersion)"
    Write-Information "Staged module: $staged" -InformationAction Continue
}

# The pinned pwsh (.config/dotnet-tools.json) as a child process: dotnet and its pwsh.dll, whatever
# PowerShell runs this script (a pwsh on PATH, Windows PowerShell 5.1, or the tool itself).
function Get-PinnedPwsh {
    Push-Location $PSScriptRoot
    try {
        Invoke-Native dotnet @('tool', 'restore') | Out-Host
        $pshome7 = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command', '$PSHOME')
    }
    finally {
        Pop-Location
    }
    Join-Path @($pshome7)[-1] 'pwsh.dll'
}

# Passed and failed counts of the xunit TRX log, and each failure's name and message.
function Read-TrxResult {
    param([Parameter(Mandatory)] [string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) {
        return [pscustomobject]@{ suite = 'xunit'; passed = 0; failed = 1; failures = @([pscustomobject]@{ name = 'xunit'; message = 'dotnet test wrote no results (the build failed?)' }) }
    }
    $trx = [xml](Get-Content -LiteralPath $Path -Raw)
    $counters = $trx.TestRun.ResultSummary.Counters
    $failures = @($trx.TestRun.Results.UnitTestResult | Where-Object { $_.outcome -eq 'Failed' } | ForEach-Object {
            $info = $_.Output.ErrorInfo
            [pscustomobject]@{ name = $_.testName; message = (@($info.Message, (@($info.StackTrace -split "`n") | Select-Object -First 8)) -join "`n").Trim() }
        })
    [pscustomobject]@{ suite = 'xunit'; passed = [int]$counters.passed; failed = [int]$counters.failed; failures = $failures }
}

function Invoke-Test {
    param([string] $Configuration, [string] $PackageSource)
    if (-not $PackageSource) { $PackageSource = Join-Path $PSScriptRoot 'out' }
    # The suites start the emulator of this configuration, not whichever was built last.
    $env:OMISE_TEST_CONFIGURATION = $Configuration
    $pwsh = Get-PinnedPwsh
    $results = Join-Path ([System.IO.Path]::GetTempPath()) "omise-test-$PID"
    New-Item -ItemType Directory -Force -Path $results | Out-Null
    $suites = [System.Collections.Generic.List[object]]::new()
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $timings = [ordered]@{}
    try {
        # xunit: the hosted engine against the emulator; it also builds, stages and packs the module.
        & dotnet test (Join-Path $PSScriptRoot 'OmiseEvents.sln') -c $Configuration --nologo --logger 'console;verbosity=minimal' --logger 'trx;LogFileName=xunit.trx' --results-directory $results
        $suites.Add((Read-TrxResult (Join-Path $results 'xunit.trx')))
        $timings.xunit = $watch.Elapsed

        # The package as a user installs it, then the suites that run in the real pwsh.
        $modules = & dotnet $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'tests/Install-TestPackage.ps1') -Source $PackageSource -Destination (Join-Path $results 'installed')
        if ($LASTEXITCODE -ne 0) { throw 'Installing the package with Install-PSResource failed (see above).' }
        $modules = @($modules)[-1]
        $timings.install = $watch.Elapsed

        & dotnet $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'tests/Pester/Invoke-PesterSuite.ps1') -Configuration $Configuration -ModulePath $modules -ResultPath (Join-Path $results 'pester.json')
        $timings.pester = $watch.Elapsed
        & dotnet $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'tests/Examples/Invoke-ExampleSuite.ps1') -ModulePath $modules -ResultPath (Join-Path $results 'examples.json')
        $timings.examples = $watch.Elapsed
        & dotnet $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'build/Invoke-ScriptAnalysis.ps1') -ResultPath (Join-Path $results 'scriptanalyzer.json')
        $timings.scriptanalyzer = $watch.Elapsed

        foreach ($name in 'pester', 'examples') {
            $file = Join-Path $results "$name.json"
            $suites.Add($(if (Test-Path -LiteralPath $file) { Get-Content -LiteralPath $file -Raw | ConvertFrom-Json }
                    else { [pscustomobject]@{ suite = $name; passed = 0; failed = 1; failures = @([pscustomobject]@{ name = $name; message = 'the suite ended before it wrote its results (see above)' }) } }))
        }
        $analysis = Join-Path $results 'scriptanalyzer.json'
        $analysis = if (Test-Path -LiteralPath $analysis) { Get-Content -LiteralPath $analysis -Raw | ConvertFrom-Json }
    }
    finally {
        Remove-Item -LiteralPath $results -Recurse -Force -ErrorAction SilentlyContinue
        Remove-Item Env:OMISE_TEST_CONFIGURATION -ErrorAction SilentlyContinue
    }

    # The summary: a line a suite, the total last (what CI reads), then each failure.
    $previous = [TimeSpan]::Zero
    $lines = foreach ($step in $timings.Keys) { '{0} {1:N0} s' -f $step, ($timings[$step] - $previous).TotalSeconds; $previous = $timings[$step] }
    Write-Information ('Time: ' + ($lines -join ', ') + (', whole run {0:N0} s' -f $watch.Elapsed.TotalSeconds)) -InformationAction Continue
    if (-not $analysis) { Write-Information 'scriptanalyzer: did not run (see above)' -InformationAction Continue }
    elseif ($analysis.PSObject.Properties['skipped']) { Write-Information 'scriptanalyzer: skipped, PSScriptAnalyzer is not installed' -InformationAction Continue }
    else { Write-Information "scriptanalyzer: $($analysis.warnings) warnings in $($analysis.paths) paths" -InformationAction Continue }
    foreach ($suite in $suites) { Write-Information "$($suite.suite): $($suite.passed) passed, $($suite.failed) failed" -InformationAction Continue }
    $passed = ($suites | Measure-Object passed -Sum).Sum
    $failed = ($suites | Measure-Object failed -Sum).Sum
    Write-Information "$passed passed, $failed failed" -InformationAction Continue
    $failures = @($suites | ForEach-Object { $suite = $_.suite; $_.failures | ForEach-Object { [pscustomobject]@{ suite = $suite; name = $_.name; message = $_.message } } })
    if ($analysis -and $analysis.PSObject.Properties['failures']) { $failures += @($analysis.failures | ForEach-Object { [pscustomobject]@{ suite = 'scriptanalyzer'; name = $_.name; message = $_.message } }) }
    foreach ($failure in $failures) {
        Write-Information "FAILED ($($failure.suite)): $($failure.name)" -InformationAction Continue
        Write-Information (($failure.message -split "`n" | Select-Object -First 40 | ForEach-Object { "    $_" }) -join "`n") -InformationAction Continue
    }
    if ($failed -gt 0 -or -not $analysis -or ($analysis.PSObject.Properties['warnings'] -and $analysis.warnings -gt 0)) {
        throw "The tests failed: $failed failed$(if ($analysis -and $analysis.PSObject.Properties['warnings'] -and $analysis.warnings) { ", $($analysis.warnings) PSScriptAnalyzer warnings" })."
    }
    if ($passed -eq 0) { throw 'No test ran.' }
}

function Invoke-Package {
    Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'src/OmiseEvents.Cmdlets/OmiseEvents.Cmdlets.csproj'), '-c', 'Release', '--nologo') | Out-Host
    $package = Join-Path $PSScriptRoot "out/OmiseEvents.$(Get-ModuleVersion).nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        throw "The build did not produce $package."
    }
    Write-Information "Package: $package" -InformationAction Continue
}

function Invoke-Demo {
    param([string] $Configuration)
    Invoke-Build -Configuration $Configuration
    Invoke-Native dotnet @('build', (Join-Path $PSScriptRoot 'tools/OmiseEmulator/OmiseEmulator.csproj'), '-c', $Configuration, '--nologo', '--verbosity', 'quiet') | Out-Host
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.Arguments = "`"$(Join-Path $PSScriptRoot "tools/OmiseEmulator/bin/$Configuration/net10.0/OmiseEmulator.dll")`" --port 0 --events 5000"
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $emulator = [System.Diagnostics.Process]::Start($start)
    # pwsh -NoExit keeps the session, the module and the emulator until you exit; otherwise the demo ends here.
    $stays = @([Environment]::GetCommandLineArgs()) -contains '-NoExit'
    try {
        $ready = $null
        while ($null -ne ($line = $emulator.StandardOutput.ReadLine())) {
            if ($line.StartsWith('ready: ')) { $ready = $line.Substring(7) | ConvertFrom-Json; break }
        }
        if (-not $ready) { throw 'The emulator did not start.' }
        Import-Module (Join-Path $PSScriptRoot "out/OmiseEvents/$(Get-ModuleVersion)/OmiseEvents.psd1") -Force -Global
        # The emulator's own test key, as the README's quick start uses it: nothing of an account's.
        $env:OMISE_SECRET_KEY = $ready.testKey
        Connect-Omise -BaseUri $ready.baseUri
        $now = if ($ready.now -is [datetime]) { $ready.now.ToUniversalTime().ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture) } else { $ready.now }
        Write-Information "Connected to the Omise emulator at $($ready.baseUri) (5000 test events; its clock stands at $now UTC). The newest events:" -InformationAction Continue
        Get-OmiseEvent -Order ReverseChronological -First 5 | Format-Table | Out-Host
        $next = @(
            'Next, try:'
            "    Get-OmiseEvent -Key 'charge.*' -First 20"
            "    Get-OmiseEvent -From '2026-11-19 12:00' | ForEach-Object WebhookDeliveries | Where-Object { -not `$_.Succeeded }"
            "    Get-OmiseEvent -Key 'charge.dispute.*' | Get-OmiseChargeEvent | Format-Table Created, Key, ChargeId, DataStatus"
            '    Get-OmiseEvent -First 1000 | Export-Csv events.csv'
            '    Get-Help Get-OmiseEvent -Examples; Get-Help about_OmiseEvents'
        )
        if ($stays) {
            $next += 'The emulator stops when you exit this session.'
            Register-EngineEvent -SourceIdentifier PowerShell.Exiting -MessageData $emulator -Action { $Event.MessageData.Kill() } | Out-Null
        }
        else {
            $next += 'To stay in a session with the module and the emulator: dotnet pwsh -NoExit ./build.ps1 -Task Demo'
        }
        Write-Information ($next -join [Environment]::NewLine) -InformationAction Continue
    }
    catch {
        $stays = $false
        throw
    }
    finally {
        if (-not $stays) {
            $emulator.Kill()
            $emulator.WaitForExit()
        }
    }
}

foreach ($name in $Task) {
    Write-Information "== $name" -InformationAction Continue
    $command = Get-Command "Invoke-$name"
    $arguments = @{}
    # Each task takes those of the script's parameters it declares.
    $values = @{ Configuration = $Configuration; PackageSource = $PackageSource }
    foreach ($parameter in $values.Keys) {
        if ($command.Parameters.ContainsKey($parameter)) { $arguments[$parameter] = $values[$parameter] }
    }
    & $command @arguments
}
