using System;
using System.Globalization;
using System.Management.Automation;
using OmiseEvents.Json;

namespace OmiseEvents;

/// <summary>
/// What OmiseEvents.Types.ps1xml points at. Export-Csv writes each property's ToString(), which
/// for a DateTime follows the session's culture (a Thai-locale server writes 20/11/2569); so the
/// types file shows our times as DateTimes tagged <c>OmiseEvents.UtcTime</c>, whose text form is
/// ISO 8601 UTC, and an event's Data as compact JSON. Everything else about them is unchanged:
/// they compare, sort and take methods as DateTime and PSCustomObject do.
/// </summary>
public static class PowerShellView
{
    public const string UtcTimeTypeName = "OmiseEvents.UtcTime";
    public const string JsonObjectTypeName = "OmiseEvents.JsonObject";

    public static object EventCreated(PSObject instance) => UtcTime(((Event)instance.BaseObject).Created);

    public static object? DeliveryCreated(PSObject instance) =>
        ((WebhookDelivery)instance.BaseObject).Created is DateTime created ? UtcTime(created) : null;

    public static object DeliveryEventCreated(PSObject instance) => UtcTime(((WebhookDelivery)instance.BaseObject).EventCreated);

    public static object ConnectedAt(PSObject instance) => UtcTime(((OmiseConnection)instance.BaseObject).ConnectedAt);

    /// <summary>
    /// ToString for <c>OmiseEvents.UtcTime</c>: ISO 8601 UTC without arguments; with a format or a
    /// provider, what DateTime.ToString does with them, so $e.Created.ToString('yyyy-MM-dd') still works.
    /// </summary>
    public static string UtcTimeToString(PSObject instance, object? formatOrProvider = null, IFormatProvider? provider = null)
    {
        var time = (DateTime)instance.BaseObject;
        return formatOrProvider switch
        {
            null => OmiseTime.Format(time),
            string format => time.ToString(format, provider ?? CultureInfo.CurrentCulture),
            IFormatProvider p => time.ToString(p),
            _ => time.ToString(formatOrProvider.ToString(), provider ?? CultureInfo.CurrentCulture),
        };
    }

    /// <summary>ToString for <c>OmiseEvents.JsonObject</c>: compact JSON.</summary>
    public static string JsonObjectToString(PSObject instance) => OmiseJson.Write(instance);

    private static PSObject UtcTime(DateTime value)
    {
        var wrapped = new PSObject(value);
        wrapped.TypeNames.Insert(0, UtcTimeTypeName);
        return wrapped;
    }
}
