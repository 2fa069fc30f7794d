@{
    # ModuleVersion is stamped from Directory.Build.props when the module is staged; edit it there.
    ModuleVersion        = '0.0.0'
    RootModule           = 'OmiseEvents.Cmdlets.dll'
    GUID                 = '5dab0610-1407-40d5-83ee-f55ea13e1ae6'
    Author               = 'OmiseEvents contributors'
    CompanyName          = 'OmiseEvents contributors'
    Copyright            = '(c) 2026 OmiseEvents contributors. MIT License.'
    Description          = 'The Omise event log (charge.create, refund.create, charge.dispute.*, transfer.*, webhook deliveries) as typed objects in the PowerShell pipeline. Streams every page as it arrives, pins paging so nothing is skipped or repeated, and never shows your secret key.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    # Loaded before the types file, whose code members point into it.
    RequiredAssemblies   = @('OmiseEvents.Cmdlets.dll')
    TypesToProcess       = @('OmiseEvents.Types.ps1xml')
    FormatsToProcess     = @('OmiseEvents.Format.ps1xml')

    CmdletsToExport      = @(
        'Connect-Omise'
        'Disconnect-Omise'
        'Get-OmiseConnection'
        'Get-OmiseEvent'
        'Get-OmiseChargeEvent'
        'Send-OmiseWebhook'
        'Test-OmiseWebhookSignature'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()

    # Written when the module is staged: every file the module folder (and so the package) holds.
    FileList             = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('Omise', 'Payments', 'Events', 'Webhooks', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/OmiseEvents/OmiseEvents'
            LicenseUri   = 'https://github.com/OmiseEvents/OmiseEvents/blob/main/LICENSE'
            # Stamped from CHANGELOG.md's newest version when the module is staged.
            ReleaseNotes = ''
        }
    }
}
