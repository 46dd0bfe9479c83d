using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>One container and the image its policy would release now (null: none newer is allowed).</summary>
/// <param name="PassedOver">The rejection of a newer allowed image that was passed over, if any: why it is not offered.</param>
public sealed record ContainerAvailability(string Container, string Current, string? Newest, string TagFilter, Rejection? PassedOver = null)
{
    /// <summary>A newer image is available: what ListServices shows in RELEASE and automation releases.</summary>
    public bool HasUpdate => Newest is not null && !ImageText.SameTag(Newest, Current);
}

/// <summary>
/// "The newest image a container's policy allows": the tags of its repository that pass its tag filter
/// (its <c>pipelines/tag.&lt;container&gt;</c> annotation, else the environment's <c>tagFilter</c>), newest
/// first, never an image rejected in the environment (<see cref="Rejections"/>), pinned to the digest the registry
/// gave for it. Pure; the one rule used by <c>Release --update-all-images</c>, automation and ListServices' RELEASE column.
/// </summary>
public static class AvailableImage
{
    /// <summary>The newest allowed image as a reference in the current image's spelling (with its digest), or null when no
    /// tag passes; and the newest rejected image passed over on the way to it.</summary>
    public static (string? Image, Rejection? PassedOver) Newest(string currentImage, TagPolicy filter, Rejections rejections, IEnumerable<TaggedImage> tags)
    {
        Rejection? passedOver = null;
        foreach (var candidate in filter.Select(tags))
        {
            var image = ImageText.WithTag(currentImage, candidate.Tag, candidate.Digest);
            if (rejections.Of(image) is { } rejection)
            {
                passedOver ??= rejection;
                continue;
            }
            return (image, passedOver);
        }
        return (null, passedOver);
    }

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
            var (newest, passedOver) = tags is null ? (null, null) : Newest(c.Image, TagPolicy.Parse(filter), rejections, tags);
            // A rejected image older than what runs is no news: only one a release would otherwise have taken is reported.
            var relevant = passedOver is not null && (newest is null || ImageText.SameTag(newest, c.Image)) ? passedOver : null;
            return new ContainerAvailability(c.Name, c.Image, newest, filter, relevant);
        }).ToList();
    }
}
