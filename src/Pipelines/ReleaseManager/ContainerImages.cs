using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>One tag of a container's repository as <c>ListImages --service</c> shows it: whether the container runs it,
/// whether the container's tag filter allows it, and the rollback that rejected it, if one did.</summary>
public sealed record ImageChoice(TaggedImage Image, bool Running, bool Allowed, Rejection? Rejected);

/// <summary>A container of a workload in an environment, with the tags of its repository newest first (fluxctl's
/// <c>list-images</c>), at most a limit of them — and the running one always, even when older.</summary>
/// <param name="Shown">The tags listed: the newest up to the limit, then the running tag if it was not among them.</param>
/// <param name="Total">How many tags the repository has.</param>
public sealed record ContainerImages(string Environment, string Workload, string Container, string Repository, string Running, string TagFilter,
    IReadOnlyList<ImageChoice> Shown, int Total)
{
    /// <summary>Decides what is listed and how each tag is marked; asks nothing.</summary>
    internal static ContainerImages Of(string environment, Workload workload, string container, string running, string tagFilter,
        IReadOnlyList<TaggedImage> tags, Rejections rejections, int limit)
    {
        var repository = ImageReference.RepositoryOf(running);
        var runningTag = ImageReference.TryParse(running, out var reference, out _) ? reference.Tag : null;
        var runningDigest = reference?.Digest;
        TagPolicy? policy = null;
        try
        {
            policy = TagPolicy.Parse(tagFilter);
        }
        catch (TagPolicyException)
        {
            // A filter that does not parse allows nothing; ListServices and Release say why.
        }
        var newestFirst = TagPolicy.ByCreated(tags).ToList();
        bool Runs(TaggedImage image) => runningDigest is { } digest ? image.Digest.ToString() == digest.ToString() && (runningTag is null || image.Tag == runningTag) : image.Tag == runningTag;
        var shown = newestFirst.Take(limit).ToList();
        if (newestFirst.FirstOrDefault(Runs) is { } runs && !shown.Contains(runs)) shown.Add(runs);
        var choices = shown.Select(image => new ImageChoice(image, Runs(image), policy?.Allows(image) ?? false, rejections.Of($"{repository}:{image.Tag}"))).ToList();
        return new(environment, workload.Id, container, repository, running, tagFilter, choices, newestFirst.Count);
    }
}
