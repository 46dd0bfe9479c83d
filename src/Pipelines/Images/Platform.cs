namespace Pipelines.Images;

/// <summary>An OS and CPU architecture an image is built for, e.g. <c>linux/amd64</c> or <c>linux/arm64/v8</c>.</summary>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    public static readonly Platform LinuxAmd64 = new("linux", "amd64");

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    public static Platform Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0 || p.Any(char.IsWhiteSpace)))
            throw new FormatException($"'{text}' is not a platform: write it as os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8.");
        return new Platform(parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant(), parts.Length == 3 ? parts[2].ToLowerInvariant() : null);
    }

    /// <summary>
    /// Whether an index entry for <paramref name="candidate"/> serves this platform. A requested variant
    /// must match; <c>arm64</c> without a variant means <c>v8</c>, as containerd treats it.
    /// </summary>
    public bool Accepts(Platform candidate)
    {
        if (!string.Equals(Os, candidate.Os, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(Architecture, candidate.Architecture, StringComparison.OrdinalIgnoreCase))
            return false;
        if (Variant is null)
            return true;
        return string.Equals(NormalisedVariant(this), NormalisedVariant(candidate), StringComparison.OrdinalIgnoreCase);
    }

    static string? NormalisedVariant(Platform p) => p.Architecture == "arm64" && p.Variant is null ? "v8" : p.Variant;
}
