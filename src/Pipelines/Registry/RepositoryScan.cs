using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>The tags of one repository that a scan read, with their images; the tags that could not be read and why; and
/// how many tags the registry listed (most are not read when a policy cannot choose them).</summary>
internal sealed record RepositoryScan(ImageReference Repository, IReadOnlyList<TaggedImage> Images, IReadOnlyList<TagProblem> Problems, int Listed);
