using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>A pipeline that stops early must stop the listing: no page it did not need, no request left running.</summary>
public sealed class EarlyStopTests : EngineTest
{
    public EarlyStopTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    [Fact]
    public void Break_in_a_downstream_ForEach_Object_sends_exactly_one_request()
    {
        var result = Ps.Run("do { Get-OmiseEvent | ForEach-Object { $_; if (++$n -eq 3) { break } } } while ($false)");

        result.AssertClean();
        Assert.Equal(3, result.Objects<Event>().Count);
        Assert.Equal(1, Server.Requests.Count);
    }

    [Fact]
    public void Host_Stop_after_three_objects_sends_exactly_one_request()
    {
        using var reached = new ManualResetEventSlim();
        // The downstream spins after the third object; PowerShell checks for a stop at each loop turn.
        using var ps = Ps.CreatePowerShell("param($reached) Get-OmiseEvent | ForEach-Object { $_; if (++$n -eq 3) { $reached.Set(); while ($true) { } } }",
            new Dictionary<string, object?>(), reached);
        var output = new PSDataCollection<PSObject>();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);

        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)));
        ps.Stop();

        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Equal(3, output.Count);
        Assert.Equal(1, Server.Requests.Count);
    }

    [Fact]
    public void Stop_cancels_the_request_in_flight()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Intercept = async context =>
        {
            arrived.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.TrySetResult();
            }
            return true;
        };
        using var ps = Ps.CreatePowerShell("Get-OmiseEvent", new Dictionary<string, object?>());
        var running = ps.BeginInvoke();

        Assert.True(arrived.Task.Wait(TimeSpan.FromSeconds(30)));
        ps.Stop();

        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(running));
        Assert.True(aborted.Task.Wait(TimeSpan.FromSeconds(30)), "the server never saw the request aborted");
    }

    [Fact]
    public void First_asks_the_server_for_no_more_than_needed()
    {
        var result = Ps.Run("Get-OmiseEvent -First 3");

        Assert.Equal(3, result.Objects<Event>().Count);
        Assert.Equal("3", Assert.Single(Server.Requests.Snapshot()).Query["limit"]);
    }
}
