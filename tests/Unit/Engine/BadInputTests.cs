using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>
/// What a user can type wrong, and what the module answers: a PowerShell error with a stable id
/// and category, and no request sent. The README's troubleshooting table lists the same rows.
/// </summary>
public sealed class BadInputTests : EngineTest
{
    public BadInputTests(EmulatorFixture emulator) : base(emulator)
    {
    }

    /// <summary>Input as the README shows it, the script that types it, the ErrorId (null: no error), the category, and whether it ends the command.</summary>
    public static TheoryData<string, string, string?, string?, bool> Rows => new()
    {
        { "Get-OmiseEvent -Id evnt_test_ABC", "Get-OmiseEvent -Id evnt_test_ABC", "InvalidEventId", "InvalidArgument", false },
        { "Get-OmiseEvent -Id chrg_test_5abc", "Get-OmiseEvent -Id chrg_test_5abc", "InvalidEventId", "InvalidArgument", false },
        { "Get-OmiseEvent -Id ''", "Get-OmiseEvent -Id ''", "InvalidEventId", "InvalidArgument", false },
        { "Get-OmiseEvent -Id '  '", "Get-OmiseEvent -Id '  '", "InvalidEventId", "InvalidArgument", false },
        { "$null | Get-OmiseEvent", "$null | Get-OmiseEvent", "InvalidEventId", "InvalidArgument", false },
        { "Get-OmiseChargeEvent -ChargeId 'chrg_test_5abc '", "Get-OmiseChargeEvent -ChargeId 'chrg_test_5abc '", "InvalidChargeId", "InvalidArgument", false },
        { "Get-OmiseEvent -From 2026-02-01 -To 2026-01-01", "Get-OmiseEvent -From 2026-02-01 -To 2026-01-01", "InvalidTimeRange", "InvalidArgument", true },
        { "Get-OmiseEvent -From 1969-12-31", "Get-OmiseEvent -From 1969-12-31", "InvalidTimeRange", "InvalidArgument", true },
        { "Get-OmiseEvent -From yesterday", "Get-OmiseEvent -From yesterday", "CannotConvertArgumentNoMessage", "InvalidArgument", true },
        { "Get-OmiseEvent -PageSize 0", "Get-OmiseEvent -PageSize 0", "ParameterArgumentValidationError", "InvalidData", true },
        { "Get-OmiseEvent -PageSize 101", "Get-OmiseEvent -PageSize 101", "ParameterArgumentValidationError", "InvalidData", true },
        { "Get-OmiseEvent -Skip -1", "Get-OmiseEvent -Skip -1", "CannotConvertArgumentNoMessage", "InvalidArgument", true },
        { "Get-OmiseEvent -First 0", "Get-OmiseEvent -First 0", null, null, false },
        { "Get-OmiseEvent -Order Sideways", "Get-OmiseEvent -Order Sideways", "CannotConvertArgumentNoMessage", "InvalidArgument", true },
        { "Get-OmiseEvent -Key ''", "Get-OmiseEvent -Key ''", "ParameterArgumentValidationError", "InvalidData", true },
        { "Get-OmiseEvent -Id $id -IncludeTotalCount", "Get-OmiseEvent -Id evnt_test_5abc -IncludeTotalCount", "AmbiguousParameterSet", "InvalidArgument", true },
        { "Connect-Omise -BaseUri /api", "Connect-Omise -SecretKey $args[0] -BaseUri /api", "InvalidBaseUri", "InvalidArgument", true },
        { "Connect-Omise -BaseUri http://api.example.com", "Connect-Omise -SecretKey $args[0] -BaseUri http://api.example.com", "InsecureBaseUri", "SecurityError", true },
        { "Connect-Omise with a key containing a space or line break", "Connect-Omise -SecretKey $args[1] -BaseUri $args[2]", "InvalidSecretKey", "InvalidArgument", true },
        { "Connect-Omise with a pkey_ public key", "Connect-Omise -SecretKey $args[3] -BaseUri $args[2]", "PublicKeyNotAllowed", "InvalidArgument", true },
        { "Connect-Omise -Proxy proxy.example.com:8080", "Connect-Omise -SecretKey $args[0] -BaseUri $args[2] -Proxy proxy.example.com:8080", "InvalidProxyUri", "InvalidArgument", true },
        { "Connect-Omise -ProxyCredential $credential", "Connect-Omise -SecretKey $args[0] -BaseUri $args[2] -ProxyCredential ([pscredential]::new('proxyuser', $args[0]))", "IncompatibleParameters", "InvalidArgument", true },
        { "Connect-Omise -MaximumRetryCount 21", "Connect-Omise -SecretKey $args[0] -MaximumRetryCount 21", "ParameterArgumentValidationError", "InvalidData", true },
        { "Get-OmiseEvent before Connect-Omise", "Disconnect-Omise; Get-OmiseEvent", "NotConnected", "ConnectionError", true },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Bad_input_is_a_clear_error_and_sends_nothing(string input, string script, string? errorId, string? category, bool terminating)
    {
        var result = Ps.Run(script, PowerShellSession.Secure(Server.TestKey), PowerShellSession.Secure("skey_test_5abc\ndef"),
            Server.BaseUri, PowerShellSession.Secure(Server.PublicKey));

        Assert.Equal(0, Server.Requests.Count);
        Assert.Empty(result.Output);
        if (errorId is null)
        {
            result.AssertClean();
            return;
        }
        var record = terminating ? result.TerminatingRecord : Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category.ToString());
        Assert.False(string.IsNullOrWhiteSpace(record.ErrorDetails?.Message ?? record.Exception.Message), input);
    }

    [Fact]
    public void The_readme_troubleshooting_table_lists_every_row()
    {
        string readme = File.ReadAllText(Path.Combine(ModulePaths.RepoRoot, "README.md"));
        // A pipe inside a Markdown table cell is written \|.
        var lines = readme[readme.IndexOf("## Troubleshooting", StringComparison.Ordinal)..].Replace("\\|", "|", StringComparison.Ordinal).Split('\n');
        foreach (var row in Rows)
        {
            string input = (string)row[0], errorId = (string?)row[2] ?? "no error";
            Assert.True(lines.Any(l => l.Contains($"`{input}`", StringComparison.Ordinal) && l.Contains(errorId, StringComparison.Ordinal)),
                $"README troubleshooting table has no row for `{input}` with {errorId}");
        }
    }
}
