namespace Pipelines.Documents;

/// <summary>ListImages --repository: the tags of one repository, newest first, as the tag filter orders them.</summary>
public sealed record ImageListDocument(string Repository, IReadOnlyList<TaggedImageJson> Items) : ResultList<TaggedImageJson>(Items)
{
    public override string Kind => "ImageList";
}

/// <param name="Created">When the image was built (its config's <c>created</c>), UTC; null when unknown.</param>
public sealed record TaggedImageJson(string Tag, string Digest, DateTime? Created);

/// <summary>ListImages --service: per container of the service, its repository's tags newest first, marked.</summary>
public sealed record ContainerImagesDocument(IReadOnlyList<ContainerImagesJson> Items) : ResultList<ContainerImagesJson>(Items)
{
    public override string Kind => "ContainerImages";
}

/// <param name="Running">The image the workload runs (from the config repo).</param>
/// <param name="Total">How many tags the repository has; <c>images</c> lists at most <c>--limit</c> of them, and the running one.</param>
public sealed record ContainerImagesJson(string Environment, string Workload, string Container, string Repository, string Running, string TagFilter,
    int Total, IReadOnlyList<ImageChoiceJson> Images);

/// <param name="Allowed">Whether the tag filter allows the tag.</param>
/// <param name="RejectedIn">The release whose rollback rejected the image; null when it is not rejected.</param>
public sealed record ImageChoiceJson(string Tag, string Digest, DateTime? Created, bool Running, bool Allowed, string? RejectedIn);
