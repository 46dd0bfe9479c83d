using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>One container and the image its policy would release now (null: none newer is allowed).</summary>
public sealed record ContainerAvailability(string Container, string Current, string? Newest, string TagFilter)
{
    /// <summary>A newer image is available: what ListServices shows in RELEASE and automation releases.</summary>
    public bool HasUpdate => Newest is not null && !ImageText.SameTag(Newest, Current);
}

/// <summary>
/// "The newest image a container's policy allows": the tags of its repository that pass its tag filter
/// (its <c>pipelines/tag.&lt;container&gt;</c> annotation, else the environment's <c>tagFilter</c>), newest
/// first, never the image a rollback rejected (<c>pipelines/rejected.&lt;container&gt;</c>). Pure; the one
/// rule used by <c>Release --update-all-images</c>, automation and ListServices' RELEASE column.
/// </summary>
public static class AvailableImage
{
    /// <summary>The newest allowed image as a reference in the current image's spelling, or null when no tag passes.</summary>
    public static string? Newest(string currentImage, TagPolicy filter, string? rejected, IEnumerable<TaggedImage> tags)
    {
        var allowed = filter.Select(tags).Where(t => rejected is null || !ImageText.SameTag(ImageText.WithTag(currentImage, t.Tag), rejected));
        return allowed.FirstOrDefault() is { } newest ? ImageText.WithTag(currentImage, newest.Tag) : null;
    }

    /// <summary>Every container of a workload with its newest allowed image. <paramref name="tagsOf"/> gives a
    /// repository's tags by image (null when the registry has none); a bad filter throws <see cref="TagPolicyException"/>.</summary>
    public static IReadOnlyList<ContainerAvailability> ForWorkload(Workload workload, EnvironmentConfig environment, Func<string, IReadOnlyList<TaggedImage>?> tagsOf)
    {
        var policy = WorkloadPolicy.Of(workload, environment);
        return workload.Containers.Select(c =>
        {
            var filter = policy.TagFilterFor(c.Name, environment);
            var tags = tagsOf(c.Image);
            var newest = tags is null ? null : Newest(c.Image, TagPolicy.Parse(filter), policy.Rejected.GetValueOrDefault(c.Name), tags);
            return new ContainerAvailability(c.Name, c.Image, newest, filter);
        }).ToList();
    }
}
