using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Pipelines.Images;

/// <summary>A content digest such as <c>sha256:3b4c…</c>: the identity of a manifest or blob.</summary>
public sealed partial record Digest
{
    Digest(string algorithm, string hex) => (Algorithm, Hex) = (algorithm, hex);

    public string Algorithm { get; }

    public string Hex { get; }

    /// <summary>The first 12 hex characters, as <c>docker images</c> and <c>fluxctl</c> show digests.</summary>
    public string Short => Hex[..12];

    public override string ToString() => $"{Algorithm}:{Hex}";

    public static Digest Sha256(ReadOnlySpan<byte> content) =>
        new("sha256", Convert.ToHexStringLower(SHA256.HashData(content)));

    public static Digest Parse(string text) =>
        TryParse(text, out var digest, out var error) ? digest : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Digest? digest, [NotNullWhen(false)] out string? error)
    {
        digest = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "A digest is empty; write it as sha256: followed by 64 lowercase hex characters.";
            return false;
        }
        var match = Sha256Pattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a valid digest: expected sha256: followed by 64 lowercase hex characters.";
            return false;
        }
        digest = new Digest("sha256", match.Groups[1].Value);
        error = null;
        return true;
    }

    [GeneratedRegex("^sha256:([a-f0-9]{64})$")]
    private static partial Regex Sha256Pattern();
}
