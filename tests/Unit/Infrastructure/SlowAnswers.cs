using System.Threading;
using System.Threading.Tasks;
using OmiseEmulator;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// Makes the emulator answer each request after 5 to 35 ms, varying by request, so answers finish
/// out of order, and counts how many requests were in flight at once. EngineTest clears it.
/// </summary>
public sealed class SlowAnswers
{
    private int _inFlight;
    private int _maxInFlight;

    public SlowAnswers(OmiseEmulatorServer server) => server.Intercept = async context =>
    {
        int now = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < now && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }
        try
        {
            await Task.Delay(5 + ((context.Request.Path.Value + context.Request.QueryString).GetHashCode() & 0x7fffffff) % 31);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
        return false;
    };

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
}
