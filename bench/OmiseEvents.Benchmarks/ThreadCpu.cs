using System;
using System.Globalization;
using System.IO;

namespace OmiseEvents.Benchmarks;

/// <summary>
/// CPU time of this process's threads whose name starts with a prefix, read from /proc (Linux;
/// zero elsewhere). Used to tell the runtime's background JIT apart from the listing's own work.
/// </summary>
internal static class ThreadCpu
{
    public const string BackgroundJit = ".NET Tiered Com";
    private const double TicksPerSecond = 100; // USER_HZ

    public static double Ms(string namePrefix)
    {
        double ms = 0;
        if (!Directory.Exists("/proc/self/task"))
        {
            return ms;
        }
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue; // the thread ended meanwhile
            }
            int open = stat.IndexOf('('), close = stat.LastIndexOf(')');
            if (!stat.Substring(open + 1, close - open - 1).StartsWith(namePrefix, StringComparison.Ordinal))
            {
                continue;
            }
            // After the name come the state (field 3), ...; utime and stime are fields 14 and 15.
            string[] fields = stat.Substring(close + 2).Split(' ');
            ms += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1000 / TicksPerSecond;
        }
        return ms;
    }
}
