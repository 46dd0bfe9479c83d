namespace Pipelines.ReleaseManager;

/// <summary>Which tags a plan may choose for a container: its image's repository, as its tag filter sees it.</summary>
/// <param name="Image">The image the container runs (only its repository counts).</param>
/// <param name="TagFilter">The container's tag filter (<c>semver:~1.2</c>, <c>glob:master-*</c>, …), as the plan will read it.</param>
public sealed record TagQuestion(string Image, string TagFilter);
