using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace OmiseEvents.Commands;

/// <summary>
/// Lets a parameter that names events (-Id, -After) take what names one: an id, an event, a webhook
/// delivery (its EventId), or a row read back from a CSV export of either: a row with an EventId
/// column is a delivery's, any other row's Id is its event's. So `$failures | Get-OmiseEvent` and
/// `-After $last` work as well as `-Id $d.EventId` and `-After $last.Id`.
/// </summary>
/// <remarks>
/// On -Id, which takes pipeline input, PowerShell transforms each piped object before it tries to
/// bind it by value, so a delivery is bound by its EventId before its own Id (whdl_…) could be
/// bound by property name.
/// </remarks>
internal sealed class EventIdTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) => EventId(inputData);

    /// <summary>The event id an input stands for, or the input itself when it names none.</summary>
    internal static object? EventId(object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null or string => value,
            Event e => e.Id,
            WebhookDelivery d => d.EventId,
            IList list => list.Cast<object?>().Select(EventId).ToArray(),
            _ => PSObject.AsPSObject(inputData).Properties is var properties
                && (properties["EventId"] ?? properties["Id"]) is { } id ? id.Value?.ToString() : inputData,
        };
    }
}
