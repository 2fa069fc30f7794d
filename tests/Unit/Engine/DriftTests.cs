using System;
using System.Linq;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>Listings while the account changes underneath. Each test mutates the log, so each gets its own emulator.</summary>
public sealed class DriftTests : IAsyncLifetime
{
    private readonly EmulatorFixture _emulator = new();
    private PowerShellSession _ps = null!;

    private OmiseEmulatorServer Server => _emulator.Server;

    public async Task InitializeAsync()
    {
        await _emulator.InitializeAsync();
        _ps = new PowerShellSession();
        _ps.Connect(Server).AssertClean();
    }

    public async Task DisposeAsync()
    {
        _ps.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void Events_created_during_a_listing_do_not_shift_it()
    {
        var truth = Server.TestLog.Visible().Select(e => e.Id).ToList();
        int calls = 0;
        Server.Intercept = _ =>
        {
            // Before the third page is answered, 150 new events arrive.
            if (++calls == 3)
            {
                Server.TestLog.Append(150);
            }
            return Task.FromResult(false);
        };
        try
        {
            var result = _ps.Run("Get-OmiseEvent");
            result.AssertClean();
            Assert.Equal(truth, result.Objects<Event>().Select(e => e.Id));
        }
        finally
        {
            Server.Intercept = null;
        }
    }

}
