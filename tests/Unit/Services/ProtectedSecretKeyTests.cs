using System;
using System.Text;
using OmiseEvents.Session;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Services;

public sealed class ProtectedSecretKeyTests
{
    private const string TestKey = "skey_test_5abcdefghijklmnopqrs";

    [Fact]
    public void A_test_key_gives_mode_and_a_hint_of_prefix_and_last_four()
    {
        Assert.Equal(ProtectedSecretKey.Problem.None, ProtectedSecretKey.Check(PowerShellSession.Secure(TestKey), out var key));
        Assert.Equal(OmiseMode.Test, key!.Mode);
        Assert.Equal("skey_test_…pqrs", key.Hint);
        Assert.Equal("skey_test_…pqrs", key.ToString());
    }

    [Fact]
    public void A_live_key_is_live()
    {
        Assert.Equal(ProtectedSecretKey.Problem.None, ProtectedSecretKey.Check(PowerShellSession.Secure("skey_5abcdefghijklmnopqrs"), out var key));
        Assert.Equal(OmiseMode.Live, key!.Mode);
        Assert.Equal("skey_…pqrs", key.Hint);
    }

    [Fact]
    public void The_authorization_header_is_basic_key_colon()
    {
        ProtectedSecretKey.Check(PowerShellSession.Secure(TestKey), out var key);
        var header = key!.CreateBasicAuthorization();
        Assert.Equal("Basic", header.Scheme);
        Assert.Equal(TestKey + ":", Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)));
    }

    [Fact]
    public void The_key_is_copied_so_disposing_the_callers_string_does_not_break_the_connection()
    {
        var secure = PowerShellSession.Secure(TestKey);
        ProtectedSecretKey.Check(secure, out var key);
        secure.Dispose();
        Assert.StartsWith("Basic ", key!.CreateBasicAuthorization().ToString());
    }

    [Theory]
    [InlineData("", "Empty")]
    [InlineData(" \t", "Empty")]
    [InlineData("pkey_test_5abcdefghijklmnopqrs", "PublicKey")]
    [InlineData("skey_test_5ABC", "Malformed")]
    [InlineData("skey_test_", "Malformed")]
    [InlineData("skey_test_5abc def", "Malformed")]
    [InlineData(" skey_test_5abcdefghijk", "Malformed")]
    [InlineData("skey_test_5abcdefghijk\n", "Malformed")]
    public void Shapes_that_cannot_be_keys_are_named(string text, string problem)
    {
        Assert.Equal(Enum.Parse<ProtectedSecretKey.Problem>(problem), ProtectedSecretKey.Check(PowerShellSession.Secure(text), out var key));
        Assert.Null(key);
    }
}
