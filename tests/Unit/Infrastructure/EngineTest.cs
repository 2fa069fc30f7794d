using System;
using OmiseEmulator;
using Xunit;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>
/// An engine test: a hosted runspace with the module imported, the class's emulator, and (unless
/// the test is about connecting) a connection to it, with the request log cleared after setup.
/// </summary>
public abstract class EngineTest : IClassFixture<EmulatorFixture>, IDisposable
{
    protected EngineTest(EmulatorFixture emulator, bool connect = true)
    {
        Emulator = emulator;
        if (connect)
        {
            Ps.Connect(emulator.Server).AssertClean();
        }
        emulator.Server.Requests.Clear();
    }

    protected EmulatorFixture Emulator { get; }

    protected OmiseEmulatorServer Server => Emulator.Server;

    protected PowerShellSession Ps { get; } = new();

    public virtual void Dispose()
    {
        Server.Intercept = null;
        Ps.Dispose();
        GC.SuppressFinalize(this);
    }
}
