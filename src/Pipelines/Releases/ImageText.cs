using Pipelines.Images;

namespace Pipelines.Releases;

/// <summary>Not a vocabulary of its own: what <c>ConfigRepo/TrailerCheck.cs</c> still calls, forwarded to <see cref="ImageReference"/>.
/// That folder is being restructured on another branch; delete this file once TrailerCheck calls ImageReference itself.</summary>
internal static class ImageText
{
    public static string? DigestOf(string image) => ImageReference.DigestOf(image);

    public static bool SameTag(string a, string b) => ImageReference.SameTag(a, b);
}
