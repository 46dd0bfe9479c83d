using Pipelines.Images;

namespace Pipelines.Manifests;

/// <summary>Not a vocabulary of its own: what <c>ConfigRepo/TrailerCheck.cs</c> still calls, forwarded to <see cref="ImageReference"/>.
/// That folder is being restructured on another branch; delete this file once TrailerCheck calls ImageReference itself.</summary>
internal static class ImageName
{
    public static string? Tag(string image) => ImageReference.TagOf(image);
}
