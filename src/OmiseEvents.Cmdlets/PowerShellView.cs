using System;
using System.Management.Automation;

namespace OmiseEvents;

/// <summary>
/// What OmiseEvents.Types.ps1xml points at. Export-Csv writes each property's ToString(), which
/// for a DateTime follows the session's culture (a Thai-locale server writes 20/11/2569); so our
/// times are shown to PowerShell as <see cref="UtcTime"/>s, whose own ToString() is ISO 8601 UTC.
/// The C# properties stay DateTime, which ConvertTo-Json writes as ISO text.
/// </summary>
public static class PowerShellView
{
    public static UtcTime EventCreated(PSObject instance) => new(((Event)instance.BaseObject).Created);

    public static UtcTime? DeliveryCreated(PSObject instance) =>
        ((WebhookDelivery)instance.BaseObject).Created is DateTime created ? new UtcTime(created) : null;

    public static UtcTime DeliveryEventCreated(PSObject instance) => new(((WebhookDelivery)instance.BaseObject).EventCreated);

    public static UtcTime ConnectedAt(PSObject instance) => new(((OmiseConnection)instance.BaseObject).ConnectedAt);
}
