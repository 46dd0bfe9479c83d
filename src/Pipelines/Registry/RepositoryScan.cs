using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>The tags of one repository with their images, and the tags that could not be read and why.</summary>
public sealed record RepositoryScan(ImageReference Repository, IReadOnlyList<TaggedImage> Images, IReadOnlyList<TagProblem> Problems);

/// <summary>A tag left out of a scan, with the reason (a malformed manifest, no image for the platform, deleted meanwhile).</summary>
public sealed record TagProblem(string Tag, string Message);
