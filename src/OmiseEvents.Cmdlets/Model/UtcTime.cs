using System;
using System.Globalization;

namespace OmiseEvents;

/// <summary>
/// A moment in UTC as PowerShell sees the module's times (an event's <c>Created</c>, a delivery's
/// <c>Created</c> and <c>EventCreated</c>, a connection's <c>ConnectedAt</c>). Its text is ISO 8601
/// UTC, <c>2026-11-20T12:00:00Z</c>, in every culture: what Export-Csv writes, and what
/// <c>"$($e.Created)"</c>, <c>[string]</c>, <c>+</c> and <c>-f '{0}'</c> give, with no type-file
/// method behind it. Otherwise it is a DateTime: it compares and sorts with UtcTimes and DateTimes
/// (a local DateTime, such as <c>Get-Date</c>'s, is compared as the UTC moment it is), converts to
/// <c>[datetime]</c>, and has DateTime's properties and methods (<c>.AddDays(-1)</c>, <c>.Date</c>,
/// <c>.ToString('yyyy-MM-dd')</c>, <c>.ToLocalTime()</c>).
/// </summary>
public readonly struct UtcTime : IComparable, IComparable<UtcTime>, IEquatable<UtcTime>, IFormattable
{
    private readonly DateTime _utc;

    /// <summary>The moment <paramref name="time"/> is: a local time is converted, any other is taken as UTC.</summary>
    public UtcTime(DateTime time) =>
        _utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);

    /// <summary>The same moment as a DateTime of kind Utc.</summary>
    public DateTime UtcDateTime => _utc;
    public int Year => _utc.Year;
    public int Month => _utc.Month;
    public int Day => _utc.Day;
    public int Hour => _utc.Hour;
    public int Minute => _utc.Minute;
    public int Second => _utc.Second;
    public int Millisecond => _utc.Millisecond;
    public long Ticks => _utc.Ticks;
    public DayOfWeek DayOfWeek => _utc.DayOfWeek;
    public int DayOfYear => _utc.DayOfYear;
    public TimeSpan TimeOfDay => _utc.TimeOfDay;
    /// <summary>Always <see cref="DateTimeKind.Utc"/>.</summary>
    public DateTimeKind Kind => DateTimeKind.Utc;
    /// <summary>Midnight UTC of the same day.</summary>
    public UtcTime Date => new(_utc.Date);

    public UtcTime Add(TimeSpan value) => new(_utc.Add(value));
    public UtcTime AddYears(int value) => new(_utc.AddYears(value));
    public UtcTime AddMonths(int months) => new(_utc.AddMonths(months));
    public UtcTime AddDays(double value) => new(_utc.AddDays(value));
    public UtcTime AddHours(double value) => new(_utc.AddHours(value));
    public UtcTime AddMinutes(double value) => new(_utc.AddMinutes(value));
    public UtcTime AddSeconds(double value) => new(_utc.AddSeconds(value));
    public UtcTime AddMilliseconds(double value) => new(_utc.AddMilliseconds(value));
    public UtcTime AddTicks(long value) => new(_utc.AddTicks(value));
    public TimeSpan Subtract(UtcTime value) => _utc - value._utc;
    public UtcTime Subtract(TimeSpan value) => new(_utc - value);
    public DateTime ToLocalTime() => _utc.ToLocalTime();
    public DateTime ToUniversalTime() => _utc;

    /// <summary>ISO 8601 UTC: <c>2026-11-20T12:00:00Z</c>.</summary>
    public override string ToString() => Json.OmiseTime.Format(_utc);

    /// <summary>ISO 8601 UTC without a format; with one, what DateTime.ToString(format) gives in the session's culture.</summary>
    public string ToString(string? format) => ToString(format, null);

    /// <summary>ISO 8601 UTC whatever the culture: PowerShell converts to text this way.</summary>
    public string ToString(IFormatProvider? provider) => ToString();

    public string ToString(string? format, IFormatProvider? provider) =>
        string.IsNullOrEmpty(format) ? ToString() : _utc.ToString(format, provider ?? CultureInfo.CurrentCulture);

    /// <summary>
    /// Text read as a <c>[datetime]</c> cast reads it (invariant culture): with <c>Z</c> or an offset,
    /// that moment; without, taken as UTC, as a DateTime without a kind is. PowerShell calls this to
    /// compare a time with text, <c>Where-Object Created -gt '2026-11-01'</c>, and to cast it.
    /// </summary>
    public static UtcTime Parse(string text) => Parse(text, CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Parse(string)"/>
    public static UtcTime Parse(string text, IFormatProvider? provider) =>
        new(DateTime.Parse(text, provider ?? CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    public int CompareTo(UtcTime other) => _utc.CompareTo(other._utc);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UtcTime other => CompareTo(other),
        DateTime time => CompareTo(new UtcTime(time)),
        _ => throw new ArgumentException("Not a UtcTime or a DateTime.", nameof(obj)),
    };

    public bool Equals(UtcTime other) => _utc == other._utc;

    public override bool Equals(object? obj) => obj switch
    {
        UtcTime other => Equals(other),
        DateTime time => Equals(new UtcTime(time)),
        _ => false,
    };

    public override int GetHashCode() => _utc.GetHashCode();

    public static implicit operator DateTime(UtcTime time) => time._utc;
    public static implicit operator UtcTime(DateTime time) => new(time);

    public static bool operator ==(UtcTime left, UtcTime right) => left.Equals(right);
    public static bool operator !=(UtcTime left, UtcTime right) => !left.Equals(right);
    public static bool operator <(UtcTime left, UtcTime right) => left._utc < right._utc;
    public static bool operator >(UtcTime left, UtcTime right) => left._utc > right._utc;
    public static bool operator <=(UtcTime left, UtcTime right) => left._utc <= right._utc;
    public static bool operator >=(UtcTime left, UtcTime right) => left._utc >= right._utc;
    public static TimeSpan operator -(UtcTime left, UtcTime right) => left._utc - right._utc;
    public static UtcTime operator -(UtcTime left, TimeSpan right) => new(left._utc - right);
    public static UtcTime operator +(UtcTime left, TimeSpan right) => new(left._utc + right);
}
