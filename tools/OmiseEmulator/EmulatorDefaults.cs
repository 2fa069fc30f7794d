using System;

namespace OmiseEmulator;

public static class EmulatorDefaults
{
    public const string CurrentApiVersion = "2019-05-29";
    public static readonly string[] KnownApiVersions = { "2019-05-29", "2017-11-02", "2015-11-17", "2014-07-27" };
    public const int Seed = 42;
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);
    /// <summary>The generated log spans this much time before "now", inside the 90-day retention.</summary>
    public static readonly TimeSpan Span = TimeSpan.FromDays(80);
}
