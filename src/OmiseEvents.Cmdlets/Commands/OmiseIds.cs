using System.Text.RegularExpressions;

namespace OmiseEvents.Commands;

/// <summary>Id shapes, checked before any request so a typo costs no round trip.</summary>
internal static class OmiseIds
{
    // \z, not $: in .NET, $ also matches before a trailing newline.
    public const string EventPattern = @"^evnt(_test)?_[0-9a-z]+\z";
    public const string ChargePattern = @"^chrg(_test)?_[0-9a-z]+\z";

    private static readonly Regex Event = new(EventPattern, RegexOptions.CultureInvariant);
    private static readonly Regex Charge = new(ChargePattern, RegexOptions.CultureInvariant);

    public static bool IsEventId(string? id) => id is not null && Event.IsMatch(id);

    public static bool IsChargeId(string? id) => id is not null && Charge.IsMatch(id);
}
