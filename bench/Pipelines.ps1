#Requires -Version 7.4
<#
.SYNOPSIS
    CPU per event of users' five pipelines, Get-OmiseEvent against an Invoke-RestMethod paging loop.

.DESCRIPTION
    Runs in the pwsh it is started with (the official one: `dotnet pwsh`), imports the staged
    Release module as users install it, starts the bundled emulator on loopback (0 ms latency,
    every event's JSON written before timing), and times each pipeline twice per run: ours and
    the hand loop, alternating which goes first. A figure is the CPU time of this whole process
    (every thread: pipeline, read-ahead, GC, JIT) divided by the events the pipeline handled.
    Each pipeline is run once untimed first (2,000 events), so the runtime has compiled it.

    -Columns times `Select-Object <column> | Export-Csv` for each column of an event.
    -Memory starts a fresh pwsh per run and reports its peak working set after 10,000 and
    100,000 events through Export-Csv.

.EXAMPLE
    dotnet tool restore; dotnet pwsh bench/Pipelines.ps1

    Builds the module in Release, stages it in out/, and prints the table of the five pipelines.
.EXAMPLE
    dotnet pwsh bench/Pipelines.ps1 -Columns
    dotnet pwsh bench/Pipelines.ps1 -Memory
#>
[CmdletBinding()]
param(
    # A module manifest to measure; by default the module is built in Release and staged, as it ships.
    [string] $Module,
    [int] $Events = 20000,
    [int] $Runs = 3,
    [switch] $Columns,
    [switch] $Memory,
    # Internal: one memory measurement in a fresh process.
    [string] $MemoryChild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$repo = Split-Path $PSScriptRoot -Parent
if (-not $Module) {
    & dotnet build (Join-Path $repo 'src/OmiseEvents.Cmdlets/OmiseEvents.Cmdlets.csproj') -c Release --nologo -v q | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'Building the module in Release failed.' }
    $Module = (Get-ChildItem (Join-Path $repo 'out/OmiseEvents/*/OmiseEvents.psd1')).FullName
}

if ($MemoryChild) {
    $base, $key, $count = $MemoryChild -split ' '
    Import-Module $Module
    $env:OMISE_SECRET_KEY = $key
    Connect-Omise -BaseUri $base
    $path = Join-Path ([IO.Path]::GetTempPath()) "omise-bench-$PID.csv"
    Get-OmiseEvent -First ([int]$count) | Export-Csv -LiteralPath $path
    Remove-Item -LiteralPath $path
    [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
    return
}

function Invoke-Emulator([int] $Count) {
    $dll = Join-Path $repo 'tools/OmiseEmulator/bin/Release/net10.0/OmiseEmulator.dll'
    if (-not (Test-Path -LiteralPath $dll)) {
        & dotnet build (Join-Path $repo 'tools/OmiseEmulator') -c Release --nologo -v q | Out-Null
        if ($LASTEXITCODE -ne 0) { throw 'Building the emulator failed.' }
    }
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $dll, '--port', '0', '--events', $Count, '--prewarm') { $info.ArgumentList.Add([string]$a) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    while ($null -ne ($line = $process.StandardOutput.ReadLine())) {
        if ($line.StartsWith('ready: ')) {
            $ready = $line.Substring(7) | ConvertFrom-Json
            return [pscustomobject]@{ Process = $process; BaseUri = $ready.baseUri; Key = $ready.testKey }
        }
    }
    throw 'The emulator stopped before it was ready.'
}

# What people write without the module: Invoke-RestMethod, one page of 100 after another.
function Get-LoopEvent([int] $First = [int]::MaxValue) {
    $headers = @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes("$($script:emulator.Key):")) }
    $offset = 0
    do {
        $page = Invoke-RestMethod -Uri "$($script:emulator.BaseUri)/events?limit=100&offset=$offset&order=chronological" -Headers $headers
        $page.data
        $offset += $page.data.Count
    } while ($page.data.Count -gt 0 -and $offset -lt $page.total -and $offset -lt $First)
}

function Measure-Cpu([scriptblock] $Timed, [int] $Count) {
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    $before = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    & $Timed
    $after = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    ($after - $before).TotalMilliseconds * 1000 / $Count
}

function Format-Range([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count -eq 1) { return '{0:N0}' -f $sorted[0] }
    '{0:N0}-{1:N0}' -f $sorted[0], $sorted[-1]
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)]
}

$csv = Join-Path ([IO.Path]::GetTempPath()) "omise-bench-$PID"
$null = New-Item -ItemType Directory -Path $csv -Force

if ($Memory) {
    $script:emulator = Invoke-Emulator 100000
    try {
        # This pwsh again, in a process of its own: `dotnet pwsh` runs pwsh.dll under dotnet.
        $pwsh = if (Test-Path -LiteralPath (Join-Path $PSHOME 'pwsh.dll')) { 'dotnet', (Join-Path $PSHOME 'pwsh.dll') } else { , (Join-Path $PSHOME 'pwsh') }
        $rows = foreach ($run in 1..$Runs) {
            foreach ($count in 10000, 100000) {
                $peak = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -File $PSCommandPath -Module $Module -MemoryChild "$($script:emulator.BaseUri) $($script:emulator.Key) $count" |
                    Select-Object -Last 1
                [pscustomobject]@{ Run = $run; Events = $count; 'Peak working set (MB)' = [math]::Round([long]$peak / 1MB) }
            }
        }
        $rows | Format-Table -AutoSize | Out-String -Width 120
        $small = Get-Median ($rows | Where-Object Events -EQ 10000 | ForEach-Object 'Peak working set (MB)')
        $large = Get-Median ($rows | Where-Object Events -EQ 100000 | ForEach-Object 'Peak working set (MB)')
        'Median peak: 10,000 events {0} MB, 100,000 events {1} MB: {2:P0} more (target: at most 20%).' -f $small, $large, (($large - $small) / $small)
    }
    finally {
        $script:emulator.Process.Kill()
    }
    return
}

Import-Module $Module
$script:emulator = Invoke-Emulator $Events
try {
    $env:OMISE_SECRET_KEY = $script:emulator.Key
    Connect-Omise -BaseUri $script:emulator.BaseUri
    "pwsh $($PSVersionTable.PSVersion), module $((Get-Module OmiseEvents).ModuleBase), $Events events, $([Environment]::ProcessorCount) cores"

    if ($Columns) {
        $sample = 3000
        $names = (Get-OmiseEvent -First 1).PSObject.Properties.Name
        foreach ($name in $names) {
            $null = Measure-Cpu { Get-OmiseEvent -First 500 | Select-Object $name | Export-Csv -LiteralPath "$csv/c.csv" } 500
        }
        $rows = foreach ($name in $names) {
            $us = foreach ($run in 1..$Runs) {
                Measure-Cpu { Get-OmiseEvent -First $sample | Select-Object $name | Export-Csv -LiteralPath "$csv/c.csv" } $sample
            }
            [pscustomobject]@{ Column = $name; 'CPU/event (us)' = Format-Range $us; Median = [math]::Round((Get-Median $us), 1) }
        }
        $rows | Format-Table -AutoSize | Out-String -Width 120
        return
    }

    $pipelines = @(
        @{ Name = 'Get-OmiseEvent | Out-Null'; Target = '<= 0.7x loop (information)'; Limit = 0.7; Count = $Events
            Ours = { param($n) Get-OmiseEvent -First $n | Out-Null }
            Loop = { param($n) Get-LoopEvent -First $n | Out-Null } }
        @{ Name = '... | Export-Csv x.csv'; Target = '<= loop'; Limit = 1.0; Count = $Events
            Ours = { param($n) Get-OmiseEvent -First $n | Export-Csv -LiteralPath "$csv/ours.csv" }
            Loop = { param($n) Get-LoopEvent -First $n | Export-Csv -LiteralPath "$csv/loop.csv" } }
        @{ Name = '... | ForEach-Object { ConvertTo-Json $_ -Depth 6 -Compress }'; Target = '<= loop'; Limit = 1.0; Count = $Events
            Ours = { param($n) Get-OmiseEvent -First $n | ForEach-Object { ConvertTo-Json $_ -Depth 6 -Compress } | Out-Null }
            Loop = { param($n) Get-LoopEvent -First $n | ForEach-Object { ConvertTo-Json $_ -Depth 6 -Compress } | Out-Null } }
        @{ Name = "... | Where-Object Key -like 'charge.*' | Select-Object Id, Key, Created"; Target = '<= loop'; Limit = 1.0; Count = $Events
            Ours = { param($n) Get-OmiseEvent -First $n | Where-Object Key -Like 'charge.*' | Select-Object Id, Key, Created | Out-Null }
            Loop = { param($n) Get-LoopEvent -First $n | Where-Object key -Like 'charge.*' | Select-Object id, key, created_at | Out-Null } }
        @{ Name = '... | Select-Object -First 2000 | Format-Table | Out-String -Width 120'; Target = '<= loop'; Limit = 1.0; Count = 2000
            Ours = { param($n) Get-OmiseEvent | Select-Object -First $n | Format-Table | Out-String -Width 120 | Out-Null }
            Loop = { param($n) Get-LoopEvent | Select-Object -First $n | Format-Table | Out-String -Width 120 | Out-Null } }
    )

    foreach ($p in $pipelines) {
        $null = & $p.Ours 2000
        $null = & $p.Loop 2000
    }
    $results = @{}
    foreach ($run in 1..$Runs) {
        foreach ($p in $pipelines) {
            $order = if ($run % 2) { 'Ours', 'Loop' } else { 'Loop', 'Ours' }
            foreach ($side in $order) {
                $pipeline = $p[$side]
                $us = Measure-Cpu { & $pipeline $p.Count } $p.Count
                $results["$($p.Name)|$side"] += @($us)
                Write-Information ('run {0} {1,-4} {2,8:N1} us/event  {3}' -f $run, $side, $us, $p.Name) -InformationAction Continue
            }
        }
    }

    $table = foreach ($p in $pipelines) {
        $ours = $results["$($p.Name)|Ours"]
        $loop = $results["$($p.Name)|Loop"]
        $ratio = (Get-Median $ours) / (Get-Median $loop)
        [pscustomobject]@{
            Pipeline        = $p.Name
            'Ours (us)'     = Format-Range $ours
            'Loop (us)'     = Format-Range $loop
            'Ours/loop'     = '{0:N2}' -f $ratio
            Target          = $p.Target
            Met             = if ($ratio -le $p.Limit) { 'yes' } else { 'NO' }
        }
    }
    ''
    "CPU per event of the whole process, $Runs alternating runs (range over runs; ratio of medians):"
    $table | Format-Table -AutoSize -Wrap | Out-String -Width 160
}
finally {
    $script:emulator.Process.Kill()
    Remove-Item -LiteralPath $csv -Recurse -Force -ErrorAction SilentlyContinue
}
