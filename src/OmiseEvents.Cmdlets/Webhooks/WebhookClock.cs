using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using OmiseEvents.Paging;

namespace OmiseEvents.Webhooks;

/// <summary>
/// The clock the webhook cmdlets sign and verify with, per runspace: the system's, unless a test
/// gives its runspace a fake one, so no test depends on the real time.
/// </summary>
internal static class WebhookClock
{
    private static readonly ConditionalWeakTable<Runspace, WaitClock> Clocks = new();

    public static WaitClock Current =>
        Runspace.DefaultRunspace is { } runspace && Clocks.TryGetValue(runspace, out var clock) ? clock : WaitClock.System;

    /// <summary>Makes <paramref name="runspace"/>'s webhook cmdlets read <paramref name="clock"/>.</summary>
    internal static void Set(Runspace runspace, WaitClock clock)
    {
        Clocks.Remove(runspace);
        Clocks.Add(runspace, clock);
    }
}
