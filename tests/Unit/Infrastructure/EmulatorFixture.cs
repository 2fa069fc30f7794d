using System;
using System.Threading.Tasks;
using OmiseEmulator;
using Xunit;

namespace OmiseEvents.Tests.Infrastructure;

/// <summary>A real emulator on a free loopback port, one per test class.</summary>
public class EmulatorFixture : IAsyncLifetime
{
    public const int DefaultEvents = 2500;

    private readonly EmulatorOptions _options;

    public EmulatorFixture() : this(DefaultEvents)
    {
    }

    protected EmulatorFixture(int events) => _options = new EmulatorOptions { Port = 0, Events = events, LiveEvents = 30 };

    public OmiseEmulatorServer Server { get; private set; } = null!;

    public Uri BaseUri => Server.BaseUri;

    public async Task InitializeAsync() => Server = await OmiseEmulatorServer.StartAsync(_options);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fixture of another size, for tests that start their own emulator.</summary>
    public sealed class Sized : EmulatorFixture
    {
        public Sized(int events) : base(events)
        {
        }
    }
}
