using System;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace OmiseEvents.Session;

/// <summary>
/// An Omise secret key held in a read-only SecureString. Its characters exist in managed memory
/// only inside <see cref="WithChars{T}"/>, and are zeroed when that returns; the one string made
/// from them is the Authorization header of a single request.
/// </summary>
internal sealed class ProtectedSecretKey
{
    private readonly SecureString _value;

    private ProtectedSecretKey(SecureString value, OmiseMode mode, string hint)
    {
        _value = value;
        Mode = mode;
        Hint = hint;
    }

    public OmiseMode Mode { get; }

    /// <summary>Enough to tell keys apart, never enough to use: <c>skey_test_…abcd</c>.</summary>
    public string Hint { get; }

    /// <summary>The problem with a key's shape, in words that never repeat the key.</summary>
    public enum Problem { None, Empty, PublicKey, Malformed }

    public static Problem Check(SecureString key, out ProtectedSecretKey? secretKey)
    {
        var copy = key.Copy();
        copy.MakeReadOnly();
        var (problem, mode, hint) = WithChars(copy, Inspect);
        secretKey = problem == Problem.None ? new ProtectedSecretKey(copy, mode, hint) : null;
        if (secretKey is null)
        {
            copy.Dispose();
        }
        return problem;
    }

    public static SecureString ToSecureString(string plain)
    {
        var secure = new SecureString();
        foreach (char c in plain)
        {
            secure.AppendChar(c);
        }
        secure.MakeReadOnly();
        return secure;
    }

    public AuthenticationHeaderValue CreateBasicAuthorization() => WithChars(_value, chars =>
    {
        // "key:" with an empty password, as Omise's HTTP Basic scheme wants.
        byte[] bytes = new byte[Encoding.UTF8.GetMaxByteCount(chars.Length + 1)];
        try
        {
            int length = Encoding.UTF8.GetBytes(chars, 0, chars.Length, bytes, 0);
            bytes[length++] = (byte)':';
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(bytes, 0, length));
        }
        finally
        {
            Array.Clear(bytes, 0, bytes.Length);
        }
    });

    private static (Problem, OmiseMode, string) Inspect(char[] chars)
    {
        if (chars.Length == 0 || Array.TrueForAll(chars, char.IsWhiteSpace))
        {
            return (Problem.Empty, default, "");
        }
        if (StartsWith(chars, "pkey_"))
        {
            return (Problem.PublicKey, default, "");
        }
        bool test = StartsWith(chars, "skey_test_");
        int bodyStart = test ? "skey_test_".Length : "skey_".Length;
        if (!StartsWith(chars, "skey_") || chars.Length <= bodyStart + 4)
        {
            return (Problem.Malformed, default, "");
        }
        for (int i = bodyStart; i < chars.Length; i++)
        {
            char c = chars[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            {
                return (Problem.Malformed, default, "");
            }
        }
        string hint = new string(chars, 0, bodyStart) + "…" + new string(chars, chars.Length - 4, 4);
        return (Problem.None, test ? OmiseMode.Test : OmiseMode.Live, hint);
    }

    private static bool StartsWith(char[] chars, string prefix)
    {
        if (chars.Length < prefix.Length)
        {
            return false;
        }
        for (int i = 0; i < prefix.Length; i++)
        {
            if (chars[i] != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    internal static T WithChars<T>(SecureString secure, Func<char[], T> use)
    {
        IntPtr unmanaged = IntPtr.Zero;
        char[] chars = new char[secure.Length];
        try
        {
            unmanaged = Marshal.SecureStringToGlobalAllocUnicode(secure);
            Marshal.Copy(unmanaged, chars, 0, chars.Length);
            return use(chars);
        }
        finally
        {
            Array.Clear(chars, 0, chars.Length);
            if (unmanaged != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(unmanaged);
            }
        }
    }

    public override string ToString() => Hint;
}
