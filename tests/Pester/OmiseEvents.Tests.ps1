#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What a user types, against the bundled emulator. Needs a built repo (dotnet build); runs under
# PowerShell 7 and Windows PowerShell 5.1, on the staged module or, with $env:OMISE_TEST_MODULE, an
# installed one (see Invoke-PesterSuite.ps1 -ModulePath).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Emulator = Start-OmiseEmulator -Events 600
    Import-Module (Get-TestModule) -Force
    $script:Key = ConvertTo-TestSecureString $Emulator.TestKey
}

AfterAll {
    Remove-Module OmiseEvents -ErrorAction SilentlyContinue
    Stop-OmiseEmulator $script:Emulator
}

Describe 'Module' -Tag 'Module' {
    It 'exports exactly the seven cmdlets' {
        (Get-Command -Module OmiseEvents).Name | Sort-Object |
            Should -Be @('Connect-Omise', 'Disconnect-Omise', 'Get-OmiseChargeEvent', 'Get-OmiseConnection', 'Get-OmiseEvent', 'Send-OmiseWebhook', 'Test-OmiseWebhookSignature')
    }

    It 'has a manifest that passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path (Join-Path (Get-Module OmiseEvents).ModuleBase 'OmiseEvents.psd1') -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'Connect-Omise, Get-OmiseConnection, Disconnect-Omise' -Tag 'Connection' {
    AfterEach { Disconnect-Omise }

    It 'connects with a SecureString key and shows only a hint of it' {
        $connection = Connect-Omise -SecretKey $Key -BaseUri $Emulator.BaseUri -PassThru
        $connection.Mode | Should -Be 'Test'
        # [char]0x2026 is the ellipsis: Windows PowerShell 5.1 reads a file without a BOM as ANSI.
        $connection.KeyHint | Should -BeLike "skey_test_$([char]0x2026)*"
        $connection.KeyHint | Should -Not -Be $Emulator.TestKey
        ($connection | Out-String) | Should -Not -Match ([regex]::Escape($Emulator.TestKey))
        (Get-OmiseConnection).BaseUri | Should -Be $connection.BaseUri
    }

    It 'takes the key from a credential' {
        $credential = [pscredential]::new('omise', $Key)
        (Connect-Omise -Credential $credential -BaseUri $Emulator.BaseUri -PassThru).Mode | Should -Be 'Test'
    }

    It 'takes the key from $env:OMISE_SECRET_KEY' {
        $env:OMISE_SECRET_KEY = $Emulator.TestKey
        try {
            (Connect-Omise -BaseUri $Emulator.BaseUri -PassThru).Mode | Should -Be 'Test'
        }
        finally {
            Remove-Item Env:OMISE_SECRET_KEY
        }
    }

    It 'refuses a public key before sending anything' {
        $public = ConvertTo-TestSecureString $Emulator.PublicKey
        { Connect-Omise -SecretKey $public -BaseUri $Emulator.BaseUri -ErrorAction Stop } |
            Should -Throw -ErrorId 'PublicKeyNotAllowed,OmiseEvents.Commands.ConnectOmiseCommand'
    }

    It 'reports a wrong key as an authentication failure' {
        $wrong = ConvertTo-TestSecureString 'skey_test_0000000000000000000'
        { Connect-Omise -SecretKey $wrong -BaseUri $Emulator.BaseUri -ErrorAction Stop } |
            Should -Throw -ErrorId 'AuthenticationFailed,OmiseEvents.Commands.ConnectOmiseCommand'
        Get-OmiseConnection | Should -BeNullOrEmpty
    }

    It 'refuses http to a host that is not loopback' {
        { Connect-Omise -SecretKey $Key -BaseUri 'http://api.example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureBaseUri,OmiseEvents.Commands.ConnectOmiseCommand'
    }

    It 'forgets the connection on Disconnect-Omise' {
        Connect-Omise -SecretKey $Key -BaseUri $Emulator.BaseUri
        Disconnect-Omise
        Get-OmiseConnection | Should -BeNullOrEmpty
        { Get-OmiseEvent -First 1 -ErrorAction Stop } | Should -Throw -ErrorId 'NotConnected,OmiseEvents.Commands.GetOmiseEventCommand'
    }
}

Describe 'Get-OmiseEvent' -Tag 'Events' {
    BeforeAll {
        Connect-Omise -SecretKey $Key -BaseUri $Emulator.BaseUri
        $script:All = @(Get-OmiseEvent)
    }
    AfterAll { Disconnect-Omise }

    It 'lists every event, oldest first, as typed objects' {
        $All.Count | Should -Be $Emulator.Events
        $All[0] | Should -BeOfType ([OmiseEvents.Event])
        $outOfOrder = @(for ($i = 1; $i -lt $All.Count; $i++) { if ($All[$i].Created -lt $All[$i - 1].Created) { $All[$i].Id } })
        $outOfOrder | Should -BeNullOrEmpty
        ($All.Id | Select-Object -Unique).Count | Should -Be $All.Count
    }

    It 'lists newest first with -Order ReverseChronological' {
        $reverse = Get-OmiseEvent -Order ReverseChronological -First 10
        # Newest first; events of the same second keep their order (Sort-Object -Stable, which 5.1 lacks).
        $last = @($All | Select-Object -Last 10)
        $expected = 0..9 | Sort-Object @{ Expression = { $last[$_].Created }; Descending = $true }, @{ Expression = { $_ } } | ForEach-Object { $last[$_].Id }
        $reverse.Id | Should -Be $expected
    }

    It 'selects a time window with -From and -To' {
        $from = $All[100].Created
        $to = $All[199].Created
        $window = Get-OmiseEvent -From $from -To $to
        $window.Id | Should -Be ($All | Where-Object { $_.Created -ge $from -and $_.Created -le $to }).Id
    }

    It 'reads -From and -To typed as ISO dates as the same times in a Thai session' {
        $from, $to = $All[100].Created, $All[199].Created
        $typed = $from, $to | ForEach-Object { $_.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture) }
        $previous = [System.Threading.Thread]::CurrentThread.CurrentCulture
        try {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = 'th-TH'
            $window = Get-OmiseEvent -From $typed[0] -To $typed[1]
        }
        finally {
            [System.Threading.Thread]::CurrentThread.CurrentCulture = $previous
        }
        $window.Id | Should -Be ($All | Where-Object { $_.Created -ge $from -and $_.Created -le $to }).Id
    }

    It 'pages with -Skip, -First and -PageSize' {
        (Get-OmiseEvent -Skip 150 -First 30 -PageSize 7).Id | Should -Be $All[150..179].Id
    }

    It 'reports the total with -IncludeTotalCount' {
        $output = Get-OmiseEvent -First 1 -IncludeTotalCount
        $output[0] | Should -Be $Emulator.Events
    }

    It 'filters keys with wildcards' {
        $charges = Get-OmiseEvent -Key 'charge.*'
        $charges.Count | Should -BeGreaterThan 0
        $charges.Key | Should -BeLike 'charge.*'
        $charges.Id | Should -Be ($All | Where-Object Key -like 'charge.*').Id
    }

    It 'stops after Select-Object -First' {
        (Get-OmiseEvent | Select-Object -First 3).Id | Should -Be $All[0..2].Id
    }

    It 'works with Group-Object and Sort-Object' {
        $groups = Get-OmiseEvent | Group-Object DataObject
        ($groups | Measure-Object Count -Sum).Sum | Should -Be $Emulator.Events
        $groups.Name | Should -Contain 'charge'
        $groups.Name | Should -Contain 'refund'
    }

    It 'converts to JSON with the data object inside' {
        $charge = $All | Where-Object DataObject -eq 'charge' | Select-Object -First 1
        $json = $charge | ConvertTo-Json -Depth 10 | ConvertFrom-Json
        $json.Id | Should -Be $charge.Id
        $json.Data.id | Should -Be $charge.DataId
        $json.Data.amount | Should -Be $charge.Data.amount
    }

    It 'keeps the raw JSON the server sent' {
        $raw = $All[0].GetRawJson() | ConvertFrom-Json
        $raw.id | Should -Be $All[0].Id
        $raw.key | Should -Be $All[0].Key
    }

    It 'gets events by id from the pipeline and reports an unknown one without stopping' {
        $ids = @($All[10].Id, 'evnt_test_0000000000000000000', $All[11].Id)
        $found = $ids | Get-OmiseEvent -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Id | Should -Be @($All[10].Id, $All[11].Id)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'EventNotFound,OmiseEvents.Commands.GetOmiseEventCommand'
        $failures[0].TargetObject | Should -Be 'evnt_test_0000000000000000000'
    }

    It 'rejects a malformed id without asking the server' {
        Get-OmiseEvent -Id 'chrg_test_123' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidEventId,OmiseEvents.Commands.GetOmiseEventCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'rejects -From after -To' {
        { Get-OmiseEvent -From '2026-02-01' -To '2026-01-01' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidTimeRange,OmiseEvents.Commands.GetOmiseEventCommand'
    }

    It 'rejects -PageSize outside 1..100' {
        { Get-OmiseEvent -PageSize 101 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,OmiseEvents.Commands.GetOmiseEventCommand'
    }
}

Describe 'Get-OmiseChargeEvent' -Tag 'Events' {
    BeforeAll { Connect-Omise -SecretKey $Key -BaseUri $Emulator.BaseUri }
    AfterAll { Disconnect-Omise }

    It 'lists the events of a charge' {
        $events = Get-OmiseChargeEvent -ChargeId $Emulator.ChargeId
        $events.Count | Should -BeGreaterThan 0
        $events.ChargeId | Select-Object -Unique | Should -Be $Emulator.ChargeId
    }

    It 'takes the charges of piped events, each charge once' {
        $disputes = Get-OmiseEvent -Key 'charge.dispute.*'
        $charges = $disputes.ChargeId | Select-Object -Unique
        $events = $disputes | Get-OmiseChargeEvent
        ($events.ChargeId | Select-Object -Unique) | Should -Be $charges
    }

    It 'reports an unknown charge as ChargeNotFound' {
        Get-OmiseChargeEvent -ChargeId 'chrg_test_0000000000000000000' -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ChargeNotFound,OmiseEvents.Commands.GetOmiseChargeEventCommand'
    }

    It 'writes the events and errors of piped charges in input order' {
        $charges = @(Get-OmiseEvent -Key 'charge.create' -First 12).ChargeId
        $unknown = 'chrg_test_0000000000000000000'
        $piped = @($charges[0..3]) + $unknown + @($charges[4..11])
        $expected = foreach ($charge in $piped) {
            if ($charge -eq $unknown) { "error:$unknown" } else { (Get-OmiseChargeEvent -ChargeId $charge).Id }
        }

        # 2>&1 keeps each error where it was written among the events.
        $written = $piped | Get-OmiseChargeEvent 2>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.ErrorRecord]) { "error:$($_.TargetObject)" } else { $_.Id }
        }

        $written | Should -Be $expected
    }
}

Describe 'Output for Export-Csv, ConvertTo-Json and Format-Table' -Tag 'Output' {
    BeforeAll {
        Connect-Omise -SecretKey $Key -BaseUri $Emulator.BaseUri
        $script:Sample = @(Get-OmiseEvent -Order ReverseChronological -First 40)
        $script:Deliveries = @($Sample | ForEach-Object WebhookDeliveries)
        $script:Failures = @($Deliveries | Where-Object { -not $_.Succeeded })
        $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid())
        New-Item -ItemType Directory -Path $Folder | Out-Null
    }
    AfterAll {
        Disconnect-Omise
        Remove-Item -LiteralPath $Folder -Recurse -Force
    }

    It 'round-trips Id, Key and Created through Export-Csv and Import-Csv' {
        $path = Join-Path $Folder 'events.csv'
        $Sample | Export-Csv -LiteralPath $path
        $rows = Import-Csv -LiteralPath $path
        $rows.Count | Should -Be $Sample.Count
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].Id | Should -Be $Sample[$i].Id
            $rows[$i].Key | Should -Be $Sample[$i].Key
            [datetimeoffset]::Parse($rows[$i].Created, [cultureinfo]::InvariantCulture).UtcDateTime | Should -Be $Sample[$i].Created
        }
    }

    It 'writes the same file whatever the culture' {
        $files = foreach ($culture in 'en-US', 'th-TH') {
            $previous = [System.Threading.Thread]::CurrentThread.CurrentCulture
            try {
                [System.Threading.Thread]::CurrentThread.CurrentCulture = $culture
                $path = Join-Path $Folder "events-$culture.csv"
                $Sample | Export-Csv -LiteralPath $path
                Get-Content -LiteralPath $path -Raw
            }
            finally {
                [System.Threading.Thread]::CurrentThread.CurrentCulture = $previous
            }
        }
        $files[1] | Should -BeExactly $files[0]
        $files[0] | Should -Match '"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"'
    }

    It 'writes no type names or nested-object placeholders into cells' {
        $csv = $Sample | ConvertTo-Csv -NoTypeInformation
        $csv -join "`n" | Should -Not -Match 'System\.|OmiseEvents\.|@\{'
    }

    It 'reads Data fields by name in another runspace as in this session' {
        # Read here first: a member lookup cached in this runspace must not answer null in another
        # (a runspace of its own, as ForEach-Object -Parallel and thread jobs make; 5.1 has it too).
        $charge = $Sample | Where-Object { $_.Data.amount } | Select-Object -First 1
        $here = $charge.Data.amount
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        try {
            $ps = [powershell]::Create()
            $ps.Runspace = $runspace
            $there = $ps.AddScript('param($e) $e.Data.amount').AddArgument($charge).Invoke()
            $ps.Dispose()
        }
        finally {
            $runspace.Dispose()
        }
        @($there) | Should -Be @($here)
    }

    It 'keeps nested values as JSON that parses back' {
        $row = $Sample | Where-Object { $_.WebhookDeliveryCount -gt 0 } | Select-Object -First 1 | ConvertTo-Csv | ConvertFrom-Csv
        ($row.Data | ConvertFrom-Json).id | Should -Not -BeNullOrEmpty
        @($row.WebhookDeliveries | ConvertFrom-Json).Count | Should -Be $row.WebhookDeliveryCount
    }

    It 'converts to JSON resembling the API object' {
        $json = $Sample[0] | ConvertTo-Json -Depth 10 | ConvertFrom-Json
        $json.Id | Should -Be $Sample[0].Id
        $json.Created | Should -Be $Sample[0].Created
        $json.Data.object | Should -Be $Sample[0].DataObject
        $raw = $Sample[0].GetRawJson() | ConvertFrom-Json
        $json.Data.id | Should -Be $raw.data.id
    }

    It 'archives the exact server JSON with -Raw' {
        $lines = Get-OmiseEvent -Order ReverseChronological -First 3 -Raw
        $lines | Should -HaveCount 3
        $lines[0] | Should -BeOfType ([string])
        $lines[0] | Should -BeExactly $Sample[0].GetRawJson()
    }

    It 'shows a table that fits in 120 columns' {
        $lines = ($Sample | Format-Table | Out-String -Width 200) -split "`r?`n" | Where-Object { $_ }
        $lines[0] | Should -Match '^Created\s+Key\s+Id\s+DataId\s+Webhooks'
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }

    It 'names the event of a delivery piped out of it' {
        $Failures.Count | Should -BeGreaterThan 0
        foreach ($delivery in ($Failures | Select-Object -First 5)) {
            $found = Get-OmiseEvent -Id $delivery.EventId
            $found.Key | Should -Be $delivery.EventKey
            $found.Created | Should -Be $delivery.EventCreated
            $found.WebhookDeliveries.Id | Should -Contain $delivery.Id
        }
    }

    It 'round-trips the ids, statuses and times of failures through Export-Csv and Import-Csv' {
        $path = Join-Path $Folder 'failures.csv'
        $Failures | Export-Csv -LiteralPath $path -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be $Failures.Count
        $rows[0].PSObject.Properties.Name |
            Should -Be @('Created', 'EventCreated', 'EventId', 'EventKey', 'Id', 'Uri', 'Status', 'Key', 'Error', 'Succeeded')
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $rows[$i].EventId | Should -Be $Failures[$i].EventId
            $rows[$i].EventKey | Should -Be $Failures[$i].EventKey
            $rows[$i].Id | Should -Be $Failures[$i].Id
            $rows[$i].Uri | Should -Be $Failures[$i].Uri
            $rows[$i].Status | Should -Be "$($Failures[$i].Status)"
            $rows[$i].Succeeded | Should -Be 'False'
            [datetimeoffset]::Parse($rows[$i].Created, [cultureinfo]::InvariantCulture).UtcDateTime | Should -Be $Failures[$i].Created
            [datetimeoffset]::Parse($rows[$i].EventCreated, [cultureinfo]::InvariantCulture).UtcDateTime | Should -Be $Failures[$i].EventCreated
        }
        Get-Content -LiteralPath $path -Raw | Should -Not -Match 'System\.|OmiseEvents\.|@\{'
    }

    It 'keeps what was sent in the hidden Payload' {
        $Deliveries[0].PSObject.Properties.Name | Should -Not -Contain 'Payload'
        ($Deliveries[0].Payload | ConvertFrom-Json).id | Should -Be $Deliveries[0].EventId
    }

    It 'shows deliveries by default as a table that fits in 120 columns' {
        $lines = ($Deliveries | Out-String -Width 120) -split "`r?`n" -replace "$([char]27)\[[0-9;]*m" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^Created\s+Status\s+EventKey\s+EventId\s+Uri\s*$'
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 120
    }
}

Describe 'Help' -Tag 'Help' {
    It 'has full help for <_>' -ForEach @('Connect-Omise', 'Disconnect-Omise', 'Get-OmiseConnection', 'Get-OmiseEvent', 'Get-OmiseChargeEvent') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeLike "$_*"
        @($help.examples.example).Count | Should -BeGreaterOrEqual 3
        foreach ($parameter in $help.parameters.parameter) {
            ($parameter.description | ForEach-Object Text) -join ' ' | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'has an about topic' {
        $about = Get-Help about_OmiseEvents | Out-String
        $about | Should -Match 'THE CSV COLUMNS'
        $about | Should -Match 'RESUMING AN EXPORT'
    }
}

Describe 'Recurring jobs: -After and -Wait' -Tag 'Recurring' {
    BeforeAll {
        Connect-Omise -SecretKey $Key -BaseUri $Emulator.BaseUri
        $script:Folder = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid())
        New-Item -ItemType Directory -Path $Folder | Out-Null
        $script:Control = "$($Emulator.BaseUri)/_emulator/events"
    }
    AfterAll {
        Disconnect-Omise
        Remove-Item -LiteralPath $Folder -Recurse -Force
    }

    It 'exports every event once, in order, over three runs of the README pattern' {
        # The README's two lines, verbatim, in the script a scheduler runs with pwsh -File (a child
        # process, as a scheduler runs it).
        $script = Join-Path $Folder 'export.ps1'
        Set-Content -LiteralPath $script -Value @(
            "Import-Module '$(Get-TestModule)'"
            "Connect-Omise -BaseUri '$($Emulator.BaseUri)'"
            '$last = if (Test-Path events.csv) { Import-Csv events.csv | Select-Object -Last 1 }'
            'Get-OmiseEvent -After $last.Id | Export-Csv events.csv -Append'
        )
        $env:OMISE_SECRET_KEY = $Emulator.TestKey
        Push-Location $Folder
        try {
            # First run: no file yet, so $last is empty and -After with nothing lists everything, with a warning and no error.
            $firstRun = Invoke-ChildPwsh -NoProfile -NonInteractive -File $script 2>&1 3>&1 | Out-String
            $firstRun | Should -Not -Match 'Could not find file'
            $firstRun | Should -Match 'no checkpoint yet'

            # Events in the very second of the last one exported, and later ones.
            Invoke-RestMethod -Method Post "$($Control)?count=4&spacing=0" | Out-Null
            Invoke-ChildPwsh -NoProfile -NonInteractive -File $script | Should -BeNullOrEmpty
            Invoke-RestMethod -Method Post "$($Control)?count=3&spacing=1" | Out-Null
            Invoke-ChildPwsh -NoProfile -NonInteractive -File $script | Should -BeNullOrEmpty

            $exported = @(Import-Csv events.csv).Id
            $everything = @(Get-OmiseEvent).Id
            $exported.Count | Should -Be $everything.Count
            ($exported -join ',') | Should -Be ($everything -join ',')
        }
        finally {
            Pop-Location
            Remove-Item Env:OMISE_SECRET_KEY
        }
    }

    It 'takes the CSV row itself as the checkpoint' {
        $all = @(Get-OmiseEvent)
        $row = $all[-3] | Select-Object Created, Id, Key
        @(Get-OmiseEvent -After $row).Id | Should -Be @($all[-2].Id, $all[-1].Id)
    }

    It 'ends with CheckpointNotFound and writes nothing when the checkpoint is gone' {
        # What the command wrote before it ended reaches the next command even though it ends.
        $written = [System.Collections.Generic.List[object]]::new()
        { Get-OmiseEvent -After evnt_test_5gone0000000000000 -ErrorAction Stop | ForEach-Object { $written.Add($_) } } |
            Should -Throw -ErrorId 'CheckpointNotFound,OmiseEvents.Commands.GetOmiseEventCommand'
        $written.Count | Should -Be 0
    }

    It 'refuses -After with -Skip' {
        { Get-OmiseEvent -After (Get-OmiseEvent -First 1).Id -Skip 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,OmiseEvents.Commands.GetOmiseEventCommand'
    }

    It 'follows new events and Select-Object -First 1 ends the wait' {
        $newest = Get-OmiseEvent -Order ReverseChronological -First 1
        # A job adds an event while the command lists or waits: either way it is the one written, and
        # it ends the wait. (When the wait is entered is the xunit suite's to prove, on a fake clock.)
        $job = Start-Job { Invoke-RestMethod -Method Post "$using:Control`?count=1" }
        try {
            $next = Get-OmiseEvent -After $newest.Id -Wait -PollInterval 5 -Timeout 60 | Select-Object -First 1
            $added = (Receive-Job $job -Wait).data
            $next.Id | Should -Be $added
        }
        finally {
            Remove-Job $job -Force
        }
    }

    It 'ends quietly after -Timeout' {
        $newest = Get-OmiseEvent -Order ReverseChronological -First 1
        $result = Get-OmiseEvent -After $newest.Id -Wait -PollInterval 5 -Timeout 6 -ErrorVariable failed
        $result | Should -BeNullOrEmpty
        $failed | Should -BeNullOrEmpty
    }
}

Describe 'Send-OmiseWebhook and Test-OmiseWebhookSignature' -Tag 'Webhooks' {
    BeforeAll {
        $script:WebhookSecret = 'c2VjcmV0LWtleS1mb3ItdGVzdHM='
        $script:SecureWebhookSecret = ConvertTo-TestSecureString $WebhookSecret

        # The receiver's own signer: HMAC-SHA256 of "<timestamp>.<body>" keyed with the decoded secret, lower-case hex.
        function script:Get-TestSignature([string] $Timestamp, [byte[]] $Body, [string] $Secret = $WebhookSecret) {
            $hmac = [System.Security.Cryptography.HMACSHA256]::new([Convert]::FromBase64String($Secret))
            try {
                $signed = [System.Text.Encoding]::UTF8.GetBytes("$Timestamp.") + $Body
                -join ($hmac.ComputeHash([byte[]]$signed) | ForEach-Object { $_.ToString('x2') })
            }
            finally { $hmac.Dispose() }
        }

        # A handler in a runspace of its own on a free loopback port: records each request's body and
        # signature headers, and answers $Answer.Status.
        function script:Start-TestReceiver {
            $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
            $listener = [System.Net.HttpListener]::new()
            $listener.Prefixes.Add("http://127.0.0.1:$port/")
            $listener.Start()
            $received = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new())
            $answer = [hashtable]::Synchronized(@{ Status = 200 })
            $ps = [powershell]::Create()
            $null = $ps.AddScript({
                param($listener, $received, $answer)
                while ($listener.IsListening) {
                    try { $context = $listener.GetContext() } catch { break }
                    $body = [System.IO.MemoryStream]::new()
                    $context.Request.InputStream.CopyTo($body)
                    $null = $received.Add([pscustomobject]@{
                            Body        = $body.ToArray()
                            Timestamp   = $context.Request.Headers['Omise-Signature-Timestamp']
                            Signature   = $context.Request.Headers['Omise-Signature']
                            ContentType = $context.Request.ContentType
                            Path        = $context.Request.Url.AbsolutePath
                        })
                    $context.Response.StatusCode = $answer.Status
                    if ($answer.Status -eq 302) { $context.Response.RedirectLocation = "/followed" }
                    $context.Response.Close()
                }
            }).AddArgument($listener).AddArgument($received).AddArgument($answer)
            $handle = $ps.BeginInvoke()
            [pscustomobject]@{ Uri = "http://127.0.0.1:$port/omise"; Listener = $listener; Received = $received; Answer = $answer; PowerShell = $ps; Handle = $handle }
        }

        function script:Stop-TestReceiver($Receiver) {
            $Receiver.Listener.Stop()
            $Receiver.Listener.Close()
            $null = $Receiver.PowerShell.EndInvoke($Receiver.Handle)
            $Receiver.PowerShell.Dispose()
        }

        function script:Test-Received($Request) {
            $null -ne $Request.Signature -and (Get-TestSignature $Request.Timestamp $Request.Body) -eq $Request.Signature
        }

        Connect-Omise -SecretKey $Key -BaseUri $Emulator.BaseUri
    }

    AfterAll { Disconnect-Omise }

    BeforeEach { $script:Receiver = Start-TestReceiver }
    AfterEach { Stop-TestReceiver $Receiver }

    It 'replays every event byte for byte, validly signed, in order' {
        $events = Get-OmiseEvent -Order ReverseChronological -First 15
        $attempts = $events | Send-OmiseWebhook -Uri $Receiver.Uri -Secret $SecureWebhookSecret
        @($attempts).Count | Should -Be 15
        @($attempts | Where-Object Status -eq 200).Count | Should -Be 15
        $received = @($Receiver.Received)
        ($received | ForEach-Object { ([System.Text.Encoding]::UTF8.GetString($_.Body) | ConvertFrom-Json).id }) | Should -Be $events.Id
        foreach ($request in $received) {
            Test-Received $request | Should -BeTrue
            $request.ContentType | Should -Be 'application/json'
        }
        $delivered = 0
        for ($i = 0; $i -lt 15; $i++) {
            if ($events[$i].WebhookDeliveries.Count) {
                [System.Text.Encoding]::UTF8.GetString($received[$i].Body) | Should -BeExactly $events[$i].WebhookDeliveries[-1].Payload
                $delivered++
            }
        }
        $delivered | Should -BeGreaterThan 0
    }

    It 'doubles with -Duplicate 2 and reorders only within -Shuffle windows' {
        $ids = (Get-OmiseEvent -First 6).Id
        $attempts = $ids | Send-OmiseWebhook -Uri $Receiver.Uri -Secret $SecureWebhookSecret -Duplicate 2 -Shuffle 4 -Seed 3
        $sent = @($attempts.EventId)
        $sent.Count | Should -Be 12
        $expected = $ids | ForEach-Object { $_, $_ }
        for ($start = 0; $start -lt 12; $start += 4) {
            ($sent[$start..($start + 3)] | Sort-Object) -join ',' | Should -Be (($expected[$start..($start + 3)] | Sort-Object) -join ',')
        }
        ($sent -join ',') | Should -Not -Be ($expected -join ',')
        foreach ($request in $Receiver.Received) { Test-Received $request | Should -BeTrue }
    }

    It 'gives the handler''s 500 or 302 as the result and follows nothing' -TestCases @(@{ Status = 500 }, @{ Status = 302 }) {
        $Receiver.Answer.Status = $Status
        $attempts = Get-OmiseEvent -First 2 | Send-OmiseWebhook -Uri $Receiver.Uri -Secret $SecureWebhookSecret
        $attempts.Status | Should -Be @($Status, $Status)
        $attempts.Succeeded | Should -Be @($false, $false)
        $Receiver.Received.Path | Should -Be @('/omise', '/omise')
    }

    It 'sends nothing with -WhatIf' {
        Get-OmiseEvent -First 2 | Send-OmiseWebhook -Uri $Receiver.Uri -Secret $SecureWebhookSecret -WhatIf | Should -BeNullOrEmpty
        $Receiver.Received.Count | Should -Be 0
    }

    It 'signs with $env:OMISE_WEBHOOK_SECRET' {
        $env:OMISE_WEBHOOK_SECRET = $WebhookSecret
        try {
            $attempt = Get-OmiseEvent -First 1 | Send-OmiseWebhook -Uri $Receiver.Uri -WarningVariable warnings
        }
        finally { Remove-Item Env:OMISE_WEBHOOK_SECRET }
        $attempt.Signed | Should -BeTrue
        $warnings | Should -BeNullOrEmpty
        Test-Received $Receiver.Received[0] | Should -BeTrue
    }

    It 'refuses bad input before sending anything' -TestCases @(
        @{ Arguments = @{ Duplicate = 0 }; ErrorId = 'InvalidDuplicateCount' }
        @{ Arguments = @{ Shuffle = 1 }; ErrorId = 'InvalidShuffleWindow' }
        @{ Arguments = @{ Secret = 'not base64!' }; ErrorId = 'InvalidWebhookSecret' }
    ) {
        if ($Arguments.Secret) { $Arguments.Secret = ConvertTo-TestSecureString $Arguments.Secret }
        { Get-OmiseEvent -First 2 | Send-OmiseWebhook -Uri $Receiver.Uri @Arguments -ErrorAction Stop } |
            Should -Throw -ErrorId "$ErrorId,OmiseEvents.Commands.SendOmiseWebhookCommand"
        { Send-OmiseWebhook -Uri http://example.com/omise -Id evnt_test_abc -ErrorAction Stop } |
            Should -Throw -ErrorId 'InsecureWebhookUri,OmiseEvents.Commands.SendOmiseWebhookCommand'
        $Receiver.Received.Count | Should -Be 0
    }

    It 'accepts a genuine signature, also one of two, and refuses a tampered body, a wrong secret and a stale timestamp' {
        $body = [System.Text.Encoding]::UTF8.GetBytes("{`n  ""object"": ""event""`n}`n")
        $now = [string][DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $genuine = Get-TestSignature $now $body
        $other = Get-TestSignature $now $body 'b2xkLXNlY3JldA=='
        Test-OmiseWebhookSignature -Body $body -Signature $genuine -Timestamp $now -Secret $SecureWebhookSecret | Should -BeTrue
        Test-OmiseWebhookSignature -Body $body -Signature "$other, $genuine" -Timestamp $now -Secret $SecureWebhookSecret | Should -BeTrue
        Test-OmiseWebhookSignature -Body ([System.Text.Encoding]::UTF8.GetString($body)) -Signature $genuine -Timestamp $now -Secret $SecureWebhookSecret | Should -BeTrue
        $tampered = [byte[]]$body.Clone(); $tampered[3] = 0x41
        Test-OmiseWebhookSignature -Body $tampered -Signature $genuine -Timestamp $now -Secret $SecureWebhookSecret | Should -BeFalse
        Test-OmiseWebhookSignature -Body $body -Signature $genuine -Timestamp $now -Secret (ConvertTo-TestSecureString 'b2xkLXNlY3JldA==') | Should -BeFalse
        $stale = [string]([DateTimeOffset]::UtcNow.ToUnixTimeSeconds() - 3600)
        (Test-OmiseWebhookSignature -Body $body -Signature (Get-TestSignature $stale $body) -Timestamp $stale -Secret $SecureWebhookSecret -Detailed).Result |
            Should -Be 'TimestampOutsideTolerance'
    }
}
