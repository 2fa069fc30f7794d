using System;
using System.Security;
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

    private readonly SecureString _value;

    private WebhookSecret(SecureString value) => _value = value;

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
