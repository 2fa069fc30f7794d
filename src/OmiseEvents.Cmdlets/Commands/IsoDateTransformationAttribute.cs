using System;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace OmiseEvents.Commands;

/// <summary>
/// Reads text in ISO 8601 form (2026-11-01, 2026-11-01 12:00, 2026-11-01T12:00:00Z) as a date of the
/// Gregorian calendar in every culture, as a script's [datetime] cast does. PowerShell binds text to
/// a compiled cmdlet's DateTime in the session's culture and calendar, so in a th-TH session
/// '2026-11-01' would be the Buddhist year 2026 (AD 1483), in fa-IR AD 2647, and in ar-SA no date at
/// all. Text in that form that is no real day is an error, never a date of another calendar. Any
/// other text is left to that binding, so a date written the session's way still works.
/// </summary>
internal sealed class IsoDateTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly Regex IsoShape = new(
        @"^\s*\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)?\s*$",
        RegexOptions.CultureInvariant);

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if ((inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is string text && IsoShape.IsMatch(text))
        {
            try
            {
                return LanguagePrimitives.ConvertTo(text, typeof(DateTime), CultureInfo.InvariantCulture);
            }
            catch (PSInvalidCastException e)
            {
                // Not a real day (2026-02-30). Left to the binding, fa-IR would read it as a Persian date.
                throw new ArgumentTransformationMetadataException(e.Message, e);
            }
        }
        return inputData;
    }
}
