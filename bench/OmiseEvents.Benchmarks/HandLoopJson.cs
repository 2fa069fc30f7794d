using System.Text.Json;
using OmiseEvents.Json;

namespace OmiseEvents.Benchmarks;

/// <summary>
/// What ConvertFrom-Json does for the hand loop (the engine package has no Invoke-RestMethod or
/// ConvertFrom-Json): the whole body to a PSCustomObject tree, in compiled code, not script.
/// </summary>
public static class HandLoopJson
{
    public static object? ConvertFrom(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonToPSObject.Convert(document.RootElement);
    }
}
