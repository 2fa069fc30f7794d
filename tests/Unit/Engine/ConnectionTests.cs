using System;
using System.Linq;
using System.Management.Automation;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

public sealed class ConnectionTests : EngineTest
{
    public ConnectionTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }


    [Fact]
    public void Connect_validates_with_one_request_and_PassThru_shows_no_key()
    {
        var result = Ps.Connect(Server, extra: "-PassThru");

        result.AssertClean();
        var connection = Assert.IsType<OmiseConnection>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(OmiseMode.Test, connection.Mode);
        Assert.Equal("2019-05-29", connection.ApiVersion);
        Assert.Equal(Server.BaseUri, connection.BaseUri);
        Assert.Equal("skey_test_…" + Server.TestKey[^4..], connection.KeyHint);
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal("/events", request.Path);
        Assert.Equal("1", request.Query["limit"]);
    }

    [Fact]
    public void Requests_carry_the_documented_headers()
    {
        Ps.Connect(Server, extra: "-ApiVersion 2017-11-02").AssertClean();
        var request = Assert.Single(Server.Requests.Snapshot());

        Assert.Equal("2017-11-02", request.ApiVersion);
        Assert.Equal("application/json", request.Accept);
        Assert.Matches(@"^OmiseEvents-PowerShell/\d+\.\d+\.\d+ PowerShell/7\.6\.\d+ \(.+\)$", request.UserAgent);
        string expected = "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Server.TestKey + ":"));
        Assert.Equal(expected, request.Authorization);
    }

    [Fact]
    public void Get_and_Disconnect_manage_the_session_connection()
    {
        Assert.Empty(Ps.Run("Get-OmiseConnection").Output);
        Ps.Connect(Server).AssertClean();

        var current = Assert.Single(Ps.Run("Get-OmiseConnection").Output);
        Assert.Equal(OmiseMode.Test, ((OmiseConnection)current.BaseObject).Mode);

        Ps.Run("Disconnect-Omise").AssertClean();
        Assert.Empty(Ps.Run("Get-OmiseConnection").Output);
        Assert.Equal("NotConnected,OmiseEvents.Commands.GetOmiseEventCommand",
            Ps.Run("Get-OmiseEvent -First 1").TerminatingRecord.FullyQualifiedErrorId);
    }

    [Fact]
    public void Not_connected_is_one_terminating_error_with_advice_and_no_request()
    {
        var result = Ps.Run("'evnt_test_a', 'evnt_test_b' | Get-OmiseEvent");

        var record = result.TerminatingRecord;
        Assert.Equal("NotConnected,OmiseEvents.Commands.GetOmiseEventCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
        Assert.Contains("Connect-Omise", record.ErrorDetails.RecommendedAction);
        Assert.Empty(result.Errors);
        Assert.Equal(0, Server.Requests.Count);
    }

    [Fact]
    public void A_wrong_key_is_an_authentication_error_and_not_stored()
    {
        var result = Ps.Connect(Server, key: "skey_test_0000000000000000000");

        var record = result.TerminatingRecord;
        Assert.Equal("AuthenticationFailed,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Equal(401, Assert.IsType<OmiseApiException>(record.Exception).StatusCode);
        Assert.Equal("authentication_failure", ((OmiseApiException)record.Exception).ErrorCode);
        Assert.Empty(Ps.Run("Get-OmiseConnection").Output);
    }

    [Theory]
    [InlineData("pkey_test_5xyzabcdefghijklmno", "PublicKeyNotAllowed")]
    [InlineData("skey_test_5xyz abcdefghijklmno", "InvalidSecretKey")]
    [InlineData("skey_test_5xyzabcdefgh\nijklmno", "InvalidSecretKey")]
    [InlineData("sk_live_abcdefghijklmnop", "InvalidSecretKey")]
    [InlineData("   ", "SecretKeyRequired")]
    public void Malformed_keys_are_refused_without_a_request(string key, string errorId)
    {
        var record = Ps.Connect(Server, key: key).TerminatingRecord;

        Assert.Equal(errorId + ",OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal(0, Server.Requests.Count);
    }

    [Theory]
    [InlineData("http://api.example.com", "InsecureBaseUri")]
    [InlineData("ftp://127.0.0.1/", "InvalidBaseUri")]
    [InlineData("/relative/path", "InvalidBaseUri")]
    public void Base_uri_must_be_https_or_loopback_http(string uri, string errorId)
    {
        var result = Ps.Run("Connect-Omise -SecretKey $args[0] -BaseUri $args[1]", PowerShellSession.Secure(Server.TestKey), uri);

        Assert.Equal(errorId + ",OmiseEvents.Commands.ConnectOmiseCommand", result.TerminatingRecord.FullyQualifiedErrorId);
        Assert.Equal(0, Server.Requests.Count);
    }

    [Fact]
    public void Credential_password_is_the_key()
    {
        var result = Ps.Run("Connect-Omise -Credential ([pscredential]::new('omise', $args[0])) -BaseUri $args[1] -PassThru",
            PowerShellSession.Secure(Server.TestKey), Server.BaseUri);

        result.AssertClean();
        Assert.Equal(OmiseMode.Test, ((OmiseConnection)Assert.Single(result.Output).BaseObject).Mode);
    }

    [Fact]
    public void A_live_key_away_from_api_omise_co_is_warned_about()
    {
        var result = Ps.Connect(Server, key: Server.LiveKey, extra: "-PassThru");

        result.AssertClean();
        Assert.Equal(OmiseMode.Live, ((OmiseConnection)Assert.Single(result.Output).BaseObject).Mode);
        Assert.Contains("live secret key", Assert.Single(result.Warnings).Message);
    }

    [Fact]
    public void A_connection_in_a_variable_serves_minus_Connection()
    {
        var live = Ps.Connect(Server, key: Server.LiveKey, extra: "-PassThru").Output.Single();
        Ps.Connect(Server).AssertClean();

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] -First 3", live);

        result.AssertClean();
        Assert.All(result.Objects<Event>(), e => Assert.True(e.LiveMode));
        Assert.Equal(Server.LiveLog.Visible().Take(3).Select(e => e.Id), result.Objects<Event>().Select(e => e.Id));
    }

    [Fact]
    public void Runspaces_do_not_share_connections()
    {
        using var other = new PowerShellSession();
        Ps.Connect(Server).AssertClean();
        other.Connect(Server, key: Server.LiveKey).AssertClean();

        var mine = Ps.Run("Get-OmiseEvent -First 2").Objects<Event>();
        var theirs = other.Run("Get-OmiseEvent -First 2").Objects<Event>();
        using var third = new PowerShellSession();

        Assert.All(mine, e => Assert.False(e.LiveMode));
        Assert.All(theirs, e => Assert.True(e.LiveMode));
        Assert.Equal("NotConnected,OmiseEvents.Commands.GetOmiseEventCommand",
            third.Run("Get-OmiseEvent -First 1").TerminatingRecord.FullyQualifiedErrorId);
    }
}

/// <summary>Tests that set $env:OMISE_SECRET_KEY, which is process-wide: they must not run beside each other.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection
{
}

[Collection(nameof(EnvironmentCollection))]
public sealed class EnvironmentKeyTests : EngineTest
{
    public EnvironmentKeyTests(EmulatorFixture emulator) : base(emulator, connect: false)
    {
    }

    public override void Dispose()
    {
        Environment.SetEnvironmentVariable("OMISE_SECRET_KEY", null);
        base.Dispose();
    }

    [Fact]
    public void The_environment_variable_is_used_when_no_key_is_passed()
    {
        Environment.SetEnvironmentVariable("OMISE_SECRET_KEY", Emulator.Server.TestKey);

        var result = Ps.Run("Connect-Omise -BaseUri $args[0] -PassThru -Verbose", Emulator.Server.BaseUri);

        result.AssertClean();
        Assert.Equal(OmiseMode.Test, ((OmiseConnection)Assert.Single(result.Output).BaseObject).Mode);
        Assert.Contains(result.Verbose, v => v.Message == "Using the secret key in $env:OMISE_SECRET_KEY.");
    }

    [Fact]
    public void Without_key_variable_or_prompt_the_error_says_what_to_do()
    {
        Environment.SetEnvironmentVariable("OMISE_SECRET_KEY", null);

        var record = Ps.Run("Connect-Omise -BaseUri $args[0]", Emulator.Server.BaseUri).TerminatingRecord;

        Assert.Equal("SecretKeyRequired,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Equal("Pass -SecretKey or -Credential, or set $env:OMISE_SECRET_KEY.", record.ErrorDetails.RecommendedAction);
    }

    /// <summary>pwsh -NonInteractive: the error, and no prompt written before it that no one can answer.</summary>
    [Fact]
    public void A_non_interactive_host_gets_the_error_and_no_prompt()
    {
        Environment.SetEnvironmentVariable("OMISE_SECRET_KEY", null);
        var host = new RecordingHost(Emulator.Server.TestKey, interactive: false);
        using var ps = new PowerShellSession(host: host);

        var record = ps.Run("Connect-Omise -BaseUri $args[0]", Emulator.Server.BaseUri).TerminatingRecord;

        Assert.Equal("SecretKeyRequired,OmiseEvents.Commands.ConnectOmiseCommand", record.FullyQualifiedErrorId);
        Assert.Empty(host.Shown);
    }

    [Fact]
    public void Without_key_or_variable_an_interactive_session_is_prompted()
    {
        Environment.SetEnvironmentVariable("OMISE_SECRET_KEY", null);
        var host = new RecordingHost(Emulator.Server.TestKey);
        using var runspace = System.Management.Automation.Runspaces.RunspaceFactory.CreateRunspace(host,
            System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("Import-Module $args[0] -ErrorAction Stop; Connect-Omise -BaseUri $args[1] -PassThru").AddArgument(ModulePaths.Manifest).AddArgument(Emulator.Server.BaseUri);

        var output = ps.Invoke();

        Assert.Empty(ps.Streams.Error);
        Assert.Equal(OmiseMode.Test, ((OmiseConnection)Assert.Single(output).BaseObject).Mode);
        Assert.Equal(1, host.SecurePrompts);
        Assert.Contains(host.Shown, s => s.Contains("secret key", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(host.Shown, s => s.Contains(Emulator.Server.TestKey, StringComparison.Ordinal));
    }
}
