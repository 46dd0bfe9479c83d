using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>The tags of one repository with their images, and the tags that could not be read and why.</summary>
internal sealed record RepositoryScan(ImageReference Repository, IReadOnlyList<TaggedImage> Images, IReadOnlyList<TagProblem> Problems);
