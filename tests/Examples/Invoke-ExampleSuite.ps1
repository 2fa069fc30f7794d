#Requires -Version 7.4
<#
.SYNOPSIS
    Runs every PowerShell example the module documents and compares the output it shows.
.DESCRIPTION
    The examples of README.md (```powershell blocks), of the MAML help (<dev:code>) and of
    about_OmiseEvents (EXAMPLES) run in this pwsh against the bundled emulator, started as the
    README's quick start starts it (--events 5000, default seed; http://127.0.0.1:12111 in an
    example is rewritten to its real address, and the staged module's path to the module under
    test). Each document runs in a runspace of its own, in
    order, so an example may use what an earlier one of the same document set, in a throw-away
    working folder, in UTC. Each example starts connected to the emulator, and Connect-Omise
    without -BaseUri reaches it too, with $env:OMISE_SECRET_KEY set to its test key, so what is
    written for an account of one's own runs as written. Get-Date answers the emulator's clock
    (2026-11-20 12:00 UTC), so "the last day" means the same as in the text.

    A README block with `PS> ` prompts is one example per prompt: its output is drawn 120 columns
    wide (`*>&1 | Out-String -Width 120`: warnings and errors where they fall) and compared with the
    text under the prompt, line by line, trailing spaces and surrounding blank lines aside. A block
    without prompts, and a help or about example without output, must run without showing an
    error (a native command's non-zero exit is one; an error silenced with -ErrorAction is not). A
    difference fails with a diff.

    An example that cannot run here (a scheduler, a real account, a prompt, Ctrl+C, the Gallery)
    is marked where it is written: `<!-- example: skip: reason -->` on the line before a README
    fence, the same comment inside a help <command:example>; about_OmiseEvents, plain text that
    shows whatever it holds, has its few in $AboutSkips below. Skips are counted and printed.

    With -ResultPath the counts and failures are also written as JSON for build.ps1's summary.
    Exits 1 when an example fails.
.EXAMPLE
    ./tests/Examples/Invoke-ExampleSuite.ps1 -ModulePath $installed
#>
[CmdletBinding()]
param(
    # A folder with OmiseEvents installed in it (imported by name); the staged module without it.
    [string] $ModulePath,

    [string] $ResultPath,

    # Seconds one example may run before it counts as hung.
    [int] $TimeoutSec = 60
)

$ErrorActionPreference = 'Stop'
$InformationPreference = 'Continue'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot '../Pester/TestHelpers.ps1')
$repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

# about_OmiseEvents cannot carry a marker, so its skips are here, keyed by the example's description.
$AboutSkips = @{
    'Webhook deliveries that fail, as their events arrive (until Ctrl+C):' = 'follows new events until Ctrl+C'
}

function Get-ReadmeExample {
    param([string] $Path)
    $lines = (Get-Content -LiteralPath $Path -Encoding utf8) -replace "`r$", ''
    $name = Split-Path $Path -Leaf
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -ne '```powershell') { continue }
        $start = $i + 1
        $end = $start
        while ($lines[$end] -ne '```') { $end++ }
        $body = @(if ($end -gt $start) { $lines[$start..($end - 1)] })
        $previous = $i - 1
        while ($previous -ge 0 -and $lines[$previous].Trim() -eq '') { $previous-- }
        $skip = if ($previous -ge 0 -and $lines[$previous] -match '^<!-- example: skip: (.+?) -->$') { $Matches[1] }
        if (-not ($body -match '^PS> ')) {
            [pscustomobject]@{ Name = "${name}:$($start + 1)"; Code = $body -join "`n"; Expected = $null; Skip = $skip }
        }
        else {
            $j = 0
            while ($j -lt $body.Count) {
                if ($body[$j] -notmatch '^PS> ') { throw "${name}:$($start + $j + 1): text before the first PS> prompt in a block that has prompts." }
                $at = $start + $j + 1
                $code = @($body[$j].Substring(4))
                $j++
                while ($j -lt $body.Count -and $body[$j] -match '^>> ?') { $code += $body[$j] -replace '^>> ?', ''; $j++ }
                $output = @()
                while ($j -lt $body.Count -and $body[$j] -notmatch '^PS> ') { $output += $body[$j]; $j++ }
                [pscustomobject]@{ Name = "${name}:$at $($code[0])"; Code = $code -join "`n"; Expected = $output -join "`n"; Skip = $skip }
            }
        }
        $i = $end
    }
}

function Get-HelpExample {
    param([string] $Path)
    $help = [xml](Get-Content -LiteralPath $Path -Raw -Encoding utf8)
    foreach ($command in $help.helpItems.command) {
        $cmdlet = $command.details.name
        foreach ($example in @($command.examples.example)) {
            $skip = $example.ChildNodes | Where-Object { $_ -is [System.Xml.XmlComment] -and $_.Value -match '^\s*example: skip: (.+?)\s*$' } |
                ForEach-Object { $Matches[1] } | Select-Object -First 1
            $title = ($example.title -replace '^-+\s*', '' -replace '\s*-+$', '')
            [pscustomobject]@{ Name = "help ${cmdlet}: $title"; Code = $example.code; Expected = $null; Skip = $skip }
        }
    }
}

function Get-AboutExample {
    param([string] $Path)
    $lines = (Get-Content -LiteralPath $Path -Encoding utf8) -replace "`r$", ''
    $first = [array]::IndexOf($lines, 'EXAMPLES') + 1
    $last = $first
    while ($last -lt $lines.Count -and $lines[$last] -notmatch '^[A-Z]') { $last++ }
    # Blocks separated by blank lines: a description (4 spaces), its code (8), any output (8).
    $blocks = [System.Collections.Generic.List[object]]::new()
    $current = $null
    for ($i = $first; $i -lt $last; $i++) {
        if ($lines[$i].Trim() -eq '') { $current = $null; continue }
        $indent = if ($lines[$i] -match '^ {8}') { 8 } else { 4 }
        if (-not $current -or $current.Indent -ne $indent) {
            $current = [pscustomobject]@{ Indent = $indent; Line = $i + 1; Lines = [System.Collections.Generic.List[string]]::new() }
            $blocks.Add($current)
        }
        $current.Lines.Add($(if ($indent -eq 8) { $lines[$i].Substring(8) } else { $lines[$i].Trim() }))
    }
    for ($b = 0; $b -lt $blocks.Count; $b++) {
        if ($blocks[$b].Indent -ne 4) { continue }
        $description = $blocks[$b].Lines -join ' '
        $code = $blocks[$b + 1]
        $output = @()
        for ($o = $b + 2; $o -lt $blocks.Count -and $blocks[$o].Indent -eq 8; $o++) { $output += , ($blocks[$o].Lines -join "`n") }
        [pscustomobject]@{
            Name     = "about_OmiseEvents:$($code.Line) $description"
            Code     = $code.Lines -join "`n"
            Expected = if ($output) { $output -join "`n`n" }
            Skip     = $AboutSkips[$description]
        }
    }
}

function ConvertTo-ComparableLine {
    param([string] $Text)
    $lines = @(($Text -replace "`r", '') -split "`n" | ForEach-Object TrimEnd)
    $from = 0
    while ($from -lt $lines.Count -and $lines[$from] -eq '') { $from++ }
    $to = $lines.Count - 1
    while ($to -ge $from -and $lines[$to] -eq '') { $to-- }
    , @(if ($to -ge $from) { $lines[$from..$to] })
}

function Format-Difference {
    param([string[]] $Expected, [string[]] $Actual)
    $text = [System.Text.StringBuilder]::new()
    [void] $text.AppendLine('    --- documented')
    [void] $text.AppendLine('    +++ actual')
    $count = [Math]::Max($Expected.Count, $Actual.Count)
    for ($k = 0; $k -lt $count; $k++) {
        $e = if ($k -lt $Expected.Count) { $Expected[$k] }
        $a = if ($k -lt $Actual.Count) { $Actual[$k] }
        if ($e -ceq $a) { [void] $text.AppendLine("      $e") }
        else {
            if ($k -lt $Expected.Count) { [void] $text.AppendLine("    - $e") }
            if ($k -lt $Actual.Count) { [void] $text.AppendLine("    + $a") }
        }
    }
    $text.ToString().TrimEnd()
}

$documents = [ordered]@{
    'README.md'         = @(Get-ReadmeExample (Join-Path $repo 'README.md'))
    'help'              = @(Get-HelpExample (Join-Path $repo 'module/en-US/OmiseEvents.Cmdlets.dll-Help.xml'))
    'about_OmiseEvents' = @(Get-AboutExample (Join-Path $repo 'module/en-US/about_OmiseEvents.help.txt'))
}

# The examples' times are written in UTC: this process's local time zone becomes UTC.
if (-not $IsWindows) {
    $env:TZ = 'UTC'
    [System.TimeZoneInfo]::ClearCachedData()
}
elseif ([System.TimeZoneInfo]::Local.BaseUtcOffset -ne [TimeSpan]::Zero) {
    Write-Warning 'This Windows machine is not in UTC: examples that show local times will differ.'
}

$module = if ($ModulePath) {
    $env:PSModulePath = (Resolve-Path -LiteralPath $ModulePath).Path + [System.IO.Path]::PathSeparator + $env:PSModulePath
    'OmiseEvents'
}
else { Get-StagedManifest }

$emulator = Start-OmiseEmulator -Events 5000
$work = New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "omise-examples-$PID")
$passed = 0
$failures = [System.Collections.Generic.List[object]]::new()
$skips = [System.Collections.Generic.List[object]]::new()
try {
    $env:OMISE_SECRET_KEY = $emulator.TestKey
    foreach ($document in $documents.Keys) {
        $folder = New-Item -ItemType Directory -Path (Join-Path $work $document)
        $runspace = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2())
        $runspace.Open()
        try {
            $setup = [powershell]::Create($runspace)
            [void] $setup.AddScript({
                    param($Module, $Folder, $BaseUri, $Now)
                    Set-Location -LiteralPath $Folder
                    $PSStyle.OutputRendering = 'PlainText'
                    Import-Module $Module -ErrorAction Stop
                    # The emulator's clock, not this machine's: "the last day" of an example is the emulator's.
                    Set-Item -Path function:global:Get-Date -Value ([scriptblock]::Create(@"
param([Parameter(Position = 0, ValueFromPipeline)] [datetime] `$Date = [datetime]::new($($Now.Ticks), 'Local'),
    [Parameter(ValueFromRemainingArguments)] [object[]] `$Rest)
process { if (`$Rest) { Microsoft.PowerShell.Utility\Get-Date -Date `$Date @Rest } else { Microsoft.PowerShell.Utility\Get-Date -Date `$Date } }
"@))
                    # What is written for an account of one's own reaches the emulator: Connect-Omise
                    # without -BaseUri, and $env:OMISE_SECRET_KEY (the emulator's test key) for its key.
                    $PSDefaultParameterValues['Connect-Omise:BaseUri'] = $BaseUri
                    # A native command that fails is an error, as a cmdlet's is.
                    $PSNativeCommandUseErrorActionPreference = $true
                }).AddArgument($module).AddArgument($folder.FullName).AddArgument($emulator.BaseUri).AddArgument($emulator.Now)
            [void] $setup.Invoke()
            $setup.Dispose()

            foreach ($example in $documents[$document]) {
                if ($example.Skip) {
                    $skips.Add([pscustomobject]@{ Name = $example.Name; Reason = $example.Skip })
                    continue
                }
                $code = $example.Code.Replace('http://127.0.0.1:12111', $emulator.BaseUri) -replace '\./out/OmiseEvents/[^/\s]+/OmiseEvents\.psd1', $module
                $ps = [powershell]::Create($runspace)
                # Each example starts connected: one may end with Disconnect-Omise, the next assumes a connection.
                # Its output as the console would draw it, and the errors it showed (not those it silenced).
                [void] $ps.AddScript("if (-not (Get-OmiseConnection)) { Connect-Omise -ErrorAction Stop | Out-Null }`n" +
                    "`$__omiseExample = @(. {`n$code`n} *>&1)`n" +
                    "[pscustomobject]@{ Text = `$__omiseExample | Out-String -Width 120; Errors = @(`$__omiseExample | Where-Object { `$_ -is [System.Management.Automation.ErrorRecord] }) }")
                $problem = $null
                $actual = ''
                $errors = @()
                try {
                    $async = $ps.BeginInvoke()
                    if (-not $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($TimeoutSec))) {
                        $ps.Stop()
                        $problem = "did not finish within $TimeoutSec s"
                    }
                    else {
                        $run = @($ps.EndInvoke($async))[-1]
                        $actual = $run.Text
                        $errors = $run.Errors
                    }
                }
                catch {
                    $problem = "ended with: $($_.Exception.InnerException.Message ?? $_.Exception.Message)"
                }
                if (-not $problem -and $null -ne $example.Expected) {
                    $want = ConvertTo-ComparableLine $example.Expected
                    $got = ConvertTo-ComparableLine $actual
                    if (($want -join "`n") -cne ($got -join "`n")) {
                        $problem = "its output differs from the documented output:`n" + (Format-Difference $want $got)
                    }
                }
                elseif (-not $problem -and $errors.Count -gt 0) {
                    $problem = "wrote an error: $($errors[0])"
                }
                $ps.Dispose()
                if ($problem) {
                    $failures.Add([pscustomobject]@{ Name = $example.Name; Message = $problem })
                    Write-Information "[-] $($example.Name)"
                    Write-Information "    $problem"
                }
                else {
                    $passed++
                    Write-Information "[+] $($example.Name)"
                }
            }
        }
        finally {
            $runspace.Dispose()
        }
    }
}
finally {
    Remove-Item Env:OMISE_SECRET_KEY -ErrorAction SilentlyContinue
    Stop-OmiseEmulator $emulator
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}

foreach ($skip in $skips) { Write-Information "[!] $($skip.Name) (skipped: $($skip.Reason))" }
Write-Information "Examples: $passed passed, $($failures.Count) failed, $($skips.Count) skipped (marked where they are written)"
if ($ResultPath) {
    [ordered]@{ suite = 'examples'; passed = $passed; failed = $failures.Count; skipped = $skips.Count; failures = @($failures) } |
        ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath -Encoding utf8
}
exit ([int]($failures.Count -gt 0))
