using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Http;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>Stands in for the clock between retries: records each wait the policy asks for and returns at once.</summary>
public sealed class WaitRecorder
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => _waits.ToList();

    public Task Delay(TimeSpan wait, CancellationToken cancellation)
    {
        _waits.Enqueue(wait);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Connect-Omise to the emulator as a user would (with <paramref name="parameters"/>), then the
    /// same connection with this recorder in place of real waiting, for -Connection.
    /// </summary>
    public OmiseConnection Connect(PowerShellSession ps, OmiseEmulatorServer server, string parameters = "")
    {
        var connection = ps.ConnectPassThru(server, parameters);
        return connection.WithRetry(connection.Retry.WithDelay(Delay));
    }
}
