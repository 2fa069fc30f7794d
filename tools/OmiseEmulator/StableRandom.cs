using System;

namespace OmiseEmulator;

/// <summary>
/// Deterministic randomness keyed by strings and integers. string.GetHashCode is randomised per
/// process, so seeds are derived with FNV-1a instead; the same seed gives the same log everywhere.
/// </summary>
internal static class StableRandom
{
    private const string IdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static int Hash(string text, int seed = 0)
    {
        unchecked
        {
            uint h = 2166136261u ^ (uint)seed;
            foreach (char c in text)
            {
                h ^= c;
                h *= 16777619u;
            }
            return (int)(h & 0x7FFFFFFF);
        }
    }

    /// <summary>
    /// A number in [0, 1) that changes thoroughly with any change to <paramref name="text"/>: FNV-1a
    /// alone barely moves its high bits when only the end of a string differs, so its result goes
    /// through murmur3's finaliser.
    /// </summary>
    public static double Unit(string text, int seed)
    {
        unchecked
        {
            uint h = (uint)Hash(text, seed);
            h ^= h >> 16;
            h *= 0x85ebca6b;
            h ^= h >> 13;
            h *= 0xc2b2ae35;
            h ^= h >> 16;
            return h / 4294967296.0;
        }
    }

    public static int Mix(int a, int b) => Hash(b.ToString(System.Globalization.CultureInfo.InvariantCulture), a);

    public static Random For(string text, int seed) => new(Hash(text, seed));

    /// <summary>An Omise-shaped id: prefix, "_test" in test mode, then 19 base-36 characters.</summary>
    public static string NewId(string prefix, bool live, Random rng)
    {
        Span<char> body = stackalloc char[19];
        body[0] = (char)('5' + rng.Next(5));
        for (int i = 1; i < body.Length; i++)
        {
            body[i] = IdAlphabet[rng.Next(IdAlphabet.Length)];
        }
        return string.Concat(prefix, live ? "_" : "_test_", body.ToString());
    }
}
