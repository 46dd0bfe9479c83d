using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// What a scan must learn of a repository's tags. <see cref="Choose"/>: the tags each policy could choose — for a policy that
/// orders by tag name, its best tag (and any rejected ones ranked above it, which the plan reports as passed over); for one
/// that orders by build time, every tag it matches, dated. <see cref="List"/>: every tag a filter matches, dated (ListImages).
/// </summary>
internal sealed record TagNeeds(IReadOnlyList<TagPolicy> Policies, IReadOnlySet<string> Rejected, bool DateEveryMatch)
{
    public static TagNeeds Choose(IReadOnlyList<TagPolicy> policies, IReadOnlySet<string> rejected) => new(policies, rejected, DateEveryMatch: false);

    public static TagNeeds List(TagPolicy? filter) => new([filter ?? TagPolicy.All], new HashSet<string>(), DateEveryMatch: true);

    /// <summary>Every tag, dated: what a scan without needs learns.</summary>
    public static TagNeeds Everything { get; } = List(null);
}
