using System.Threading.Tasks;
using OmiseEmulator;
using Xunit;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// An engine test whose tests change the log, so each test gets its own emulator: a hosted
/// runspace with the module imported, connected (<see cref="Connect"/>), the request log cleared.
/// </summary>
public abstract class OwnEmulatorTest : IAsyncLifetime
{
    private readonly EmulatorFixture _emulator = new();

    protected OmiseEmulatorServer Server => _emulator.Server;

    protected PowerShellSession Ps { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await _emulator.InitializeAsync();
        Ps = new PowerShellSession();
        Connect();
        Server.Requests.Clear();
    }

    /// <summary>Connect-Omise as a user would; a class that needs other settings says so here.</summary>
    protected virtual void Connect() => Ps.Connect(Server).AssertClean();

    public virtual async Task DisposeAsync()
    {
        Ps.Dispose();
        await _emulator.DisposeAsync();
    }
}
