using System;
using System.Collections.ObjectModel;
using System.Management.Automation;

namespace OmiseEvents;

/// <summary>
/// What OmiseEvents.Types.ps1xml points at. Export-Csv writes each property's ToString(), which
/// for a DateTime follows the session's culture (a Thai-locale server writes 20/11/2569); so our
/// times are shown to PowerShell as <see cref="UtcTime"/>s, whose own ToString() is ISO 8601 UTC.
/// The C# properties stay DateTime, which ConvertTo-Json writes as ISO text. An event's Data is an
/// <see cref="EventData"/>, whose fields <see cref="EventDataAdapter"/> shows as properties.
/// </summary>
public static class PowerShellView
{
    public static UtcTime EventCreated(PSObject instance) => new(((Event)instance.BaseObject).Created);

    public static UtcTime? DeliveryCreated(PSObject instance) =>
        ((WebhookDelivery)instance.BaseObject).Created is DateTime created ? new UtcTime(created) : null;

    public static UtcTime DeliveryEventCreated(PSObject instance) => new(((WebhookDelivery)instance.BaseObject).EventCreated);

    public static UtcTime ConnectedAt(PSObject instance) => new(((OmiseConnection)instance.BaseObject).ConnectedAt);

    /// <summary>
    /// An event's data fields as PowerShell properties, in the server's order, read from the event's
    /// bytes the first time one is asked for (so an Export-Csv of them, which writes Data's text,
    /// never reads them). They can be set, as a PSCustomObject's can; Data's text stays what the server sent.
    /// </summary>
    public sealed class EventDataAdapter : PSPropertyAdapter
    {
        public override Collection<PSAdaptedProperty> GetProperties(object baseObject)
        {
            var fields = ((EventData)baseObject).Fields;
            var properties = new Collection<PSAdaptedProperty>();
            for (int i = 0; i < fields.Count; i++)
            {
                properties.Add(new PSAdaptedProperty(fields[i].Key, i));
            }
            return properties;
        }

        public override PSAdaptedProperty? GetProperty(object baseObject, string propertyName)
        {
            var fields = ((EventData)baseObject).Fields;
            for (int i = 0; i < fields.Count; i++)
            {
                if (string.Equals(fields[i].Key, propertyName, StringComparison.OrdinalIgnoreCase))
                {
                    return new PSAdaptedProperty(fields[i].Key, i);
                }
            }
            return null;
        }

        public override bool IsGettable(PSAdaptedProperty adaptedProperty) => true;

        public override bool IsSettable(PSAdaptedProperty adaptedProperty) => true;

        public override object? GetPropertyValue(PSAdaptedProperty adaptedProperty) =>
            ((EventData)adaptedProperty.BaseObject).Fields[(int)adaptedProperty.Tag].Value;

        public override void SetPropertyValue(PSAdaptedProperty adaptedProperty, object value)
        {
            var fields = ((EventData)adaptedProperty.BaseObject).Fields;
            int index = (int)adaptedProperty.Tag;
            fields[index] = new(fields[index].Key, value);
        }

        public override string GetPropertyTypeName(PSAdaptedProperty adaptedProperty) =>
            GetPropertyValue(adaptedProperty)?.GetType().FullName ?? typeof(object).FullName!;
    }
}
