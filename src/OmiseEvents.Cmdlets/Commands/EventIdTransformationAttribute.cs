using System.Management.Automation;

namespace OmiseEvents.Commands;

/// <summary>
/// Lets -After take an event, a row read back from a CSV export (anything with an Id), or an id,
/// so `-After $last` works as well as `-After $last.Id`.
/// </summary>
internal sealed class EventIdTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            null or string => value,
            Event e => e.Id,
            _ => PSObject.AsPSObject(inputData).Properties["Id"] is { } id ? id.Value?.ToString() : inputData,
        };
    }
}
