using System.Management.Automation;
using System.Text.RegularExpressions;
using OmiseEvents.Errors;

namespace OmiseEvents.Commands;

/// <summary>The shape of one kind of Omise id, checked before any request so a typo costs no round trip.</summary>
internal sealed class IdShape
{
    public static readonly IdShape Event = new("evnt", "event", OmiseErrors.InvalidEventId);
    public static readonly IdShape Charge = new("chrg", "charge", OmiseErrors.InvalidChargeId);

    private readonly Regex _pattern;
    private readonly string _kind;
    private readonly string _example;
    private readonly string _errorId;

    private IdShape(string prefix, string kind, string errorId)
    {
        // \z, not $: in .NET, $ also matches before a trailing newline.
        _pattern = new Regex("^" + prefix + @"(_test)?_[0-9a-z]+\z", RegexOptions.CultureInvariant);
        _kind = kind;
        _example = $"{prefix}_test_5xyz… or {prefix}_5xyz…";
        _errorId = errorId;
    }

    public bool Matches(string? id) => id is not null && _pattern.IsMatch(id);

    /// <summary>The error for an id of the wrong shape, or none, naming the shape expected.</summary>
    public ErrorRecord Malformed(object? id) => OmiseErrors.InvalidId(_errorId, _kind, _example, id);
}
