using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace OmiseEvents.Benchmarks;

/// <summary>
/// CPU time of this process's threads whose name starts with a prefix, read from /proc (Linux;
/// zero elsewhere), per thread: the runtime ends an idle background JIT thread and starts another
/// later, so a difference is taken thread by thread, and a thread that ended in between is not
/// counted (the figure is then a lower bound). Used to tell the runtime's background JIT apart
/// from the listing's own work.
/// </summary>
internal static class ThreadCpu
{
    public const string BackgroundJit = ".NET Tiered Com";
    private const double TicksPerSecond = 100; // USER_HZ

    public static Dictionary<string, double> Snapshot(string namePrefix)
    {
        var byThread = new Dictionary<string, double>();
        if (!Directory.Exists("/proc/self/task"))
        {
            return byThread;
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
            byThread[Path.GetFileName(task)] = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1000 / TicksPerSecond;
        }
        return byThread;
    }

    /// <summary>Milliseconds spent since <paramref name="before"/> by the threads alive now.</summary>
    public static double MsSince(Dictionary<string, double> before, string namePrefix) =>
        Snapshot(namePrefix).Sum(t => t.Value - (before.TryGetValue(t.Key, out double then) ? then : 0));
}
