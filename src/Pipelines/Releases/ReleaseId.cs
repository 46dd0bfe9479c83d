using System.Security.Cryptography;

namespace Pipelines.Releases;

/// <summary>
/// <c>rel-</c> + a ULID in lower case: 48 bits of milliseconds then 80 random bits, Crockford base 32,
/// so ids sort by time as text and two CI jobs never make the same one.
/// </summary>
public static class ReleaseId
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = now.ToUnixTimeMilliseconds();
        for (var i = 5; i >= 0; i--)
        {
            bytes[i] = (byte)(milliseconds & 0xFF);
            milliseconds >>= 8;
        }
        RandomNumberGenerator.Fill(bytes[6..]);
        return "rel-" + Encode(bytes);
    }

    public static bool IsValid(string text) =>
        text.Length == 30 && text.StartsWith("rel-", StringComparison.Ordinal) && text[4..].All(c => Alphabet.Contains(c));

    // 128 bits as 26 characters of 5 bits, the first holding the top 3 bits.
    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var chars = new char[26];
        for (var i = 25; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }
        return new string(chars);
    }
}
