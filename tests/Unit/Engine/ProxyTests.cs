using System;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// Connect-Omise -Proxy, -ProxyCredential and -ProxyUseDefaultCredentials, against forwarding
/// proxies on loopback: one that counts what it forwards, one that asks for Basic credentials.
/// </summary>
public sealed class ProxyTests : EngineTest, IAsyncLifetime
{
    private const string ProxyUser = "proxyuser";
    private const string ProxyPassword = "Pr0xy-pa55word";

    private readonly ForwardingProxy _counting = new();
    private readonly ForwardingProxy _guarded = new(new NetworkCredential(ProxyUser, ProxyPassword));

    public ProxyTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _counting.DisposeAsync();
        await _guarded.DisposeAsync();
    }

    private static PSCredential Credential(string user, string password) => new(user, PowerShellSession.Secure(password));

    private PsResult Connect(string parameters, params object?[] more) =>
        Ps.Run($"Connect-Omise -SecretKey $args[0] -BaseUri $args[1] -Verbose -Debug {parameters}",
            new object?[] { PowerShellSession.Secure(Server.TestKey), Server.BaseUri }.Concat(more).ToArray());

    /// <summary>Everything a run showed, on every stream, as text.</summary>
    private static string Shown(PsResult result) => string.Join("\n",
        result.Output.Select(o => o.ToString())
            .Concat(result.Errors.Select(e => e.ErrorRecordText()))
            .Concat(result.Warnings.Select(w => w.Message))
            .Concat(result.Verbose.Select(v => v.Message))
            .Concat(result.Debug.Select(d => d.Message))
            .Append(result.Terminating?.ErrorRecord.ErrorRecordText() ?? ""));

    private static void AssertNothingShows(string shown, params string[] secrets)
    {
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        }
    }

    private static string BasicOf(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Theory]
    [InlineData("")]
    [InlineData("-ProxyUseDefaultCredentials")]
    public void An_explicit_proxy_carries_every_request_loopback_included(string parameters)
    {
        var connect = Connect("-Proxy $args[2] -PassThru " + parameters, _counting.Address);
        connect.AssertClean();
        var connection = (OmiseConnection)Assert.Single(connect.Output).BaseObject;

        var list = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 250", connection);

        list.AssertClean();
        Assert.Equal(250, list.Objects<Event>().Count);
        Assert.Equal(_counting.Address, connection.Proxy);
        // The check and three pages, each through the proxy, each reaching the emulator.
        Assert.Equal(4, _counting.Forwarded.Count);
        Assert.Equal(Server.Requests.Count, _counting.Forwarded.Count);
        Assert.All(_counting.Forwarded, line => Assert.StartsWith($"GET {Server.BaseUri}events?", line));
        Assert.Contains(connect.Verbose, v => v.Message.Contains("through " + _counting.Address, StringComparison.Ordinal));
    }

    [Fact]
    public void Proxy_credentials_are_sent_to_the_proxy_and_never_shown()
    {
        var connect = Connect("-Proxy $args[2] -ProxyCredential $args[3] -PassThru", _guarded.Address, Credential(ProxyUser, ProxyPassword));
        connect.AssertClean();
        var connection = Assert.Single(connect.Output);

        var list = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 5 -Verbose -Debug", connection);
        var shownConnection = Ps.Run("$args[0] | Format-List * | Out-String; $args[0] | ConvertTo-Json; \"$($args[0])\"", connection);

        list.AssertClean();
        Assert.Equal(5, list.Objects<Event>().Count);
        Assert.Equal(2, _guarded.Forwarded.Count);
        AssertNothingShows(Shown(connect) + Shown(list) + Shown(shownConnection), ProxyPassword, BasicOf(ProxyUser, ProxyPassword));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Missing_or_wrong_proxy_credentials_are_ProxyAuthenticationRequired_at_once(bool wrong)
    {
        var result = wrong
            ? Connect("-Proxy $args[2] -ProxyCredential $args[3]", _guarded.Address, Credential(ProxyUser, "not-" + ProxyPassword))
            : Connect("-Proxy $args[2]", _guarded.Address);

        var record = result.TerminatingRecord;
        Assert.Equal("ProxyAuthenticationRequired,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Contains("HTTP 407", record.ErrorDetails.Message);
        Assert.Contains("-ProxyCredential", record.ErrorDetails.RecommendedAction);
        Assert.DoesNotContain(result.Verbose, v => v.Message.StartsWith("Retry ", StringComparison.Ordinal));
        Assert.Empty(_guarded.Forwarded);
        Assert.Equal(0, Server.Requests.Count);
        AssertNothingShows(Shown(result), ProxyPassword);
        Assert.Empty(Ps.Run("Get-OmiseConnection").Output);
    }

    [Fact]
    public void A_proxy_that_refuses_a_tunnel_without_credentials_is_ProxyAuthenticationRequired()
    {
        // An https -BaseUri goes through the proxy by CONNECT, as api.omise.co does; this proxy answers it 407.
        var result = Ps.Run("Connect-Omise -SecretKey $args[0] -BaseUri $args[1] -Proxy $args[2] -Verbose",
            PowerShellSession.Secure(Server.TestKey), $"https://127.0.0.1:{Server.BaseUri.Port}/", _guarded.Address);

        Assert.Equal("ProxyAuthenticationRequired,OmiseEvents.Commands.ConnectOmiseCommand", result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.StartsWith("CONNECT 127.0.0.1:", Assert.Single(_guarded.Refused));
        Assert.DoesNotContain(result.Verbose, v => v.Message.StartsWith("Retry ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_user_name_and_password_in_Proxy_serve_as_its_credentials_and_are_never_shown()
    {
        var withUserInfo = new UriBuilder(_guarded.Address) { UserName = ProxyUser, Password = ProxyPassword }.Uri;

        var connect = Connect("-Proxy $args[2] -PassThru", withUserInfo);
        connect.AssertClean();
        var connection = (OmiseConnection)Assert.Single(connect.Output).BaseObject;
        var shown = Ps.Run("Get-OmiseConnection | Format-List * | Out-String", connection);

        Assert.Equal(_guarded.Address, connection.Proxy);
        Assert.Single(_guarded.Forwarded);
        AssertNothingShows(Shown(connect) + Shown(shown), ProxyPassword, ProxyUser + ":");
    }

    [Fact]
    public void A_proxy_port_with_nothing_listening_is_named_as_the_proxy()
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)socket.LocalEndPoint!).Port;

        var record = Connect("-Proxy $args[2]", new Uri($"http://127.0.0.1:{port}")).TerminatingRecord;

        Assert.Equal("OmiseConnectionRefused,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Contains($"Nothing is listening at the proxy 127.0.0.1:{port}", record.ErrorDetails.Message);
        Assert.Contains("-Proxy", record.ErrorDetails.RecommendedAction);
    }

    [Theory]
    [InlineData("-ProxyCredential $args[2]")]
    [InlineData("-ProxyUseDefaultCredentials")]
    [InlineData("-Proxy http://127.0.0.1:1 -ProxyCredential $args[2] -ProxyUseDefaultCredentials")]
    public void Proxy_credentials_without_Proxy_or_both_kinds_are_IncompatibleParameters(string parameters)
    {
        var record = Connect(parameters, Credential(ProxyUser, ProxyPassword)).TerminatingRecord;

        Assert.Equal("IncompatibleParameters,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal(0, Server.Requests.Count);
    }
}

/// <summary>
/// Without -Proxy, the process's default proxy: on Linux and macOS (and on Windows when they are
/// set) HTTP_PROXY, HTTPS_PROXY and NO_PROXY. .NET reads them once per process, so each case runs
/// in a fresh official pwsh (<see cref="OfficialPwsh"/>) with the module imported as a user would,
/// against a counting proxy and the emulator that this test host runs.
/// </summary>
public sealed class EnvironmentProxyTests : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private static readonly string[] ProxyVariables =
        { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY" };

    private readonly EmulatorFixture _emulator;
    private readonly ForwardingProxy _proxy = new();

    public EnvironmentProxyTests(EmulatorFixture emulator) => _emulator = emulator;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    private async Task<string> ListInChildProcess(string? noProxy)
    {
        var environment = new System.Collections.Generic.Dictionary<string, string?>();
        foreach (string name in ProxyVariables)
        {
            environment[name] = null;
        }
        environment["HTTP_PROXY"] = _proxy.Address.ToString();
        environment["NO_PROXY"] = noProxy;
        environment["OMISE_SECRET_KEY"] = _emulator.Server.TestKey;
        string script = $$"""
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'
            Import-Module '{{ModulePaths.Manifest}}'
            Connect-Omise -BaseUri '{{_emulator.Server.BaseUri}}'
            (Get-OmiseEvent -First 150).Count
            """;
        return (await OfficialPwsh.RunAsync(script, environment)).Trim();
    }

    [Fact]
    public async Task HTTP_PROXY_from_the_environment_carries_the_requests()
    {
        Assert.Equal("150", await ListInChildProcess(noProxy: null));

        // The check and two pages.
        Assert.Equal(3, _proxy.Forwarded.Count);
        Assert.All(_proxy.Forwarded, line => Assert.StartsWith($"GET {_emulator.Server.BaseUri}events?", line));
    }

    [Fact]
    public async Task NO_PROXY_sends_the_requests_it_names_directly()
    {
        _emulator.Server.Requests.Clear();

        Assert.Equal("150", await ListInChildProcess(noProxy: "127.0.0.1"));

        Assert.Empty(_proxy.Forwarded);
        Assert.Equal(3, _emulator.Server.Requests.Count);
    }
}
