using System.Management.Automation;
using System.Text.Json;

namespace OmiseEvents.Json;

/// <summary>
/// JSON as PowerShell users expect it from Invoke-RestMethod: objects become PSCustomObjects with
/// properties in the server's order, arrays object[], integers Int64, other numbers Double,
/// strings stay strings (no guessing at dates). Nothing is dropped, whatever the object kind.
/// </summary>
internal static class JsonToPSObject
{
    public static object? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var result = new PSObject();
                foreach (var property in element.EnumerateObject())
                {
                    result.Properties.Add(new PSNoteProperty(property.Name, Convert(property.Value)));
                }
                return result;
            case JsonValueKind.Array:
                var items = new object?[element.GetArrayLength()];
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items[i++] = Convert(item);
                }
                return items;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out long integer))
                {
                    return integer;
                }
                if (element.TryGetDouble(out double real) && !double.IsInfinity(real))
                {
                    return real;
                }
                // Too large for a double: keep the digits rather than invent a value.
                return element.GetRawText();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
