using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;

namespace OmiseEvents;

/// <summary>
/// What OmiseEvents.Types.ps1xml points at. Export-Csv writes each property's ToString(), which
/// for a DateTime follows the session's culture (a Thai-locale server writes 20/11/2569); so our
/// times are shown to PowerShell as <see cref="UtcTime"/>s, whose own ToString() is ISO 8601 UTC.
/// The C# properties stay DateTime, which ConvertTo-Json writes as ISO text. An event's Data, an
/// <see cref="EventData"/>, gets its fields as properties from <see cref="EventDataAdapter"/>.
/// </summary>
public static class PowerShellView
{
    public static UtcTime EventCreated(PSObject instance) => new(((Event)instance.BaseObject).Created);

    public static UtcTime? DeliveryCreated(PSObject instance) =>
        ((WebhookDelivery)instance.BaseObject).Created is DateTime created ? new UtcTime(created) : null;

    public static UtcTime DeliveryEventCreated(PSObject instance) => new(((WebhookDelivery)instance.BaseObject).EventCreated);

    public static UtcTime ConnectedAt(PSObject instance) => new(((OmiseConnection)instance.BaseObject).ConnectedAt);

    /// <summary>
    /// An event's data fields as PowerShell properties, in the server's order (Format-List,
    /// Select-Object, Get-Member), where the types file is loaded. They are read from the event's
    /// bytes the first time one is asked for, so an Export-Csv, which writes Data's text, never reads them.
    /// </summary>
    public sealed class EventDataAdapter : PSPropertyAdapter
    {
        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var properties = new Collection<PSAdaptedProperty>();
            foreach (string name in ((EventData)baseObject).Fields.Keys)
            {
                properties.Add(new PSAdaptedProperty(name, name));
            }
            return properties;
        }

        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName) =>
            ((EventData)baseObject).Fields.Contains(propertyName) ? GetProperties(baseObject).First(p => string.Equals(p.Name, propertyName, StringComparison.OrdinalIgnoreCase)) : null;

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => true;

        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty) =>
            ((EventData)adaptedProperty.BaseObject).Fields[adaptedProperty.Tag];

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value) =>
            ((EventData)adaptedProperty.BaseObject).Fields[adaptedProperty.Tag] = value;

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty) =>
            GetPropertyValue(adaptedProperty)?.GetType().FullName ?? typeof(object).FullName!;
    }
}
