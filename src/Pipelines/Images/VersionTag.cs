using Semver;

namespace Pipelines.Images;

/// <summary>
/// Tags that name a release by its semantic version (<c>1.4.2</c>, <c>v2.0.0-rc.1</c>). Teams treat them as immutable — a new
/// build gets a new version — as Flux's and Argo CD's image automation assume, so once the registry has said what such a tag
/// points at it is not asked again. A version pushed again anyway keeps its first digest in a machine's registry cache until
/// the tag is deleted or the cache removed (docs/releases.md, "The registry cache").
/// </summary>
internal static class VersionTag
{
    public static bool IsImmutable(string tag) => SemVersion.TryParse(tag, SemVersionStyles.AllowV, out _);
}
