using System;
using System.Management.Automation;
using System.Security;
using OmiseEvents.Errors;
using OmiseEvents.Session;

namespace OmiseEvents.Webhooks;

/// <summary>
/// A webhook secret held in a read-only SecureString, as <see cref="ProtectedSecretKey"/> holds the
/// API key. Its base64 text and decoded bytes exist in managed memory only inside
/// <see cref="WithKey{T}"/>, and are zeroed when that returns.
/// </summary>
internal sealed class WebhookSecret
{
    public const string EnvironmentVariable = "OMISE_WEBHOOK_SECRET";

    /// <summary>The variable as a PowerShell user writes it.</summary>
    public const string EnvironmentVariableText = "$env:" + EnvironmentVariable;

    private readonly SecureString _value;

    private WebhookSecret(SecureString value) => _value = value;

    /// <summary>
    /// The secret from <paramref name="given"/> (-Secret) or $env:OMISE_WEBHOOK_SECRET; null when
    /// neither gives one and none is <paramref name="required"/>. One that is not base64 ends the command.
    /// </summary>
    public static WebhookSecret? Resolve(PSCmdlet cmdlet, SecureString? given, bool required)
    {
        string source = "-Secret";
        if (given is null)
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrEmpty(fromEnvironment))
            {
                if (required)
                {
                    cmdlet.ThrowTerminatingError(OmiseErrors.WebhookSecretRequiredError());
                }
                return null;
            }
            cmdlet.WriteVerbose($"Using the webhook secret in {EnvironmentVariableText}.");
            given = ProtectedSecretKey.ToSecureString(fromEnvironment!);
            source = EnvironmentVariableText;
        }
        var secret = TryCreate(given);
        if (secret is null)
        {
            cmdlet.ThrowTerminatingError(OmiseErrors.InvalidWebhookSecretError(source));
        }
        return secret;
    }

    /// <summary>The secret, or null when it is empty or not base64 (the dashboard shows it base64).</summary>
    public static WebhookSecret? TryCreate(SecureString secure)
    {
        var copy = secure.Copy();
        copy.MakeReadOnly();
        var secret = new WebhookSecret(copy);
        if (secret.WithKey(key => key.Length > 0))
        {
            return secret;
        }
        copy.Dispose();
        return null;
    }

    /// <summary>Runs <paramref name="use"/> with the decoded key; a key that is not base64 is an empty one.</summary>
    public T WithKey<T>(Func<byte[], T> use) => ProtectedSecretKey.WithChars(_value, chars =>
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64CharArray(chars, 0, chars.Length);
        }
        catch (FormatException)
        {
            key = Array.Empty<byte>();
        }
        try
        {
            return use(key);
        }
        finally
        {
            Array.Clear(key, 0, key.Length);
        }
    });

    public override string ToString() => "<webhook secret>";
}
