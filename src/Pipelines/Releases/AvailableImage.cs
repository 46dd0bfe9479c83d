using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// "The newest image a container's policy allows": the tags of its repository that pass its tag filter
/// (its <c>pipelines/tag.&lt;container&gt;</c> annotation, else the environment's <c>tagFilter</c>), newest
/// first, never an image rejected in the environment (<see cref="Rejections"/>), pinned to the digest the registry
/// gave for it. Pure; the one rule used by <c>Release --update-all-images</c>, automation and ListServices' RELEASE column.
/// </summary>
internal static class AvailableImage
{
    /// <summary>The newest allowed image as a reference in the current image's spelling (with its digest), or null when no
    /// tag passes; and the newest rejected image passed over on the way to it.</summary>
    public static (string? Image, Rejection? PassedOver) Newest(string currentImage, TagPolicy filter, Rejections rejections, IEnumerable<TaggedImage> tags)
    {
        Rejection? passedOver = null;
        foreach (var candidate in filter.Select(tags))
        {
            var image = ImageReference.Retagged(currentImage, candidate.Tag, candidate.Digest);
            if (rejections.Of(image) is { } rejection)
            {
                passedOver ??= rejection;
                continue;
            }
            return (image, passedOver);
        }
        return (null, passedOver);
    }

    /// <summary>Whether <paramref name="newest"/> is an update of <paramref name="current"/>: another tag; or, for a filter that follows a
    /// moving tag by digest, another digest (an unpinned container is pinned by its first release).</summary>
    public static bool IsUpdate(string newest, string current, bool followsDigest) =>
        !ImageReference.SameTag(newest, current) || (followsDigest && ImageReference.DigestOf(newest) != ImageReference.DigestOf(current));

    /// <summary>Every container of a workload with its newest allowed image. <paramref name="tagsOf"/> gives a
    /// repository's tags by image (null when the registry has none); a bad filter throws <see cref="TagPolicyException"/>.</summary>
    public static IReadOnlyList<ContainerAvailability> ForWorkload(Workload workload, EnvironmentConfig environment, Func<string, IReadOnlyList<TaggedImage>?> tagsOf,
        Rejections rejections)
    {
        var policy = WorkloadPolicy.Of(workload, environment);
        return workload.Containers.Select(c =>
        {
            var filter = policy.TagFilterFor(c.Name, environment);
            var tags = tagsOf(c.Image);
            var tagPolicy = TagPolicy.Parse(filter);
            var (newest, passedOver) = tags is null ? (null, null) : Newest(c.Image, tagPolicy, rejections, tags);
            // A rejected image older than what runs is no news: only one a release would otherwise have taken is reported.
            var relevant = passedOver is not null && (newest is null || !IsUpdate(newest, c.Image, tagPolicy.FollowsDigest)) ? passedOver : null;
            return new ContainerAvailability(c.Name, c.Image, newest, filter, relevant) { FollowsDigest = tagPolicy.FollowsDigest };
        }).ToList();
    }
}
