using System.Collections.Concurrent;
using Pipelines.Diagnostics;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>
/// Asks the registry what a plan needs, before planning: of each repository, the tags its containers' filters could choose
/// (<see cref="TagNeeds"/>: a policy that orders by tag name costs the chosen tag's digest, one that orders by build time the
/// build times of the tags it matches); and the digest a tag has now (an explicit image; promotion pins it). "No such
/// repository or tag" is a fact for the plan (<c>image not in registry</c>); a registry that cannot be reached or refuses
/// credentials fails the run before anything is committed.
/// </summary>
public sealed class RegistryLookup(RegistryOptions options, ILog log)
{
    /// <param name="rejections">The environment's rejected images: a policy's best tag that is rejected is passed over for the
    /// next, as the plan will.</param>
    public async Task<RegistryFacts> ReadAsync(IEnumerable<TagQuestion> tagsOfImages, IEnumerable<string> digestsOfImages, Rejections? rejections = null,
        CancellationToken cancellationToken = default)
    {
        var repositories = tagsOfImages
            .Select(q => (Reference: Parse(q.Image), q.TagFilter))
            .Where(q => q.Reference is not null)
            .GroupBy(q => q.Reference!.Name)
            .Select(g => (Repository: g.First().Reference!, Needs: NeedsOf(g.Key, g.Select(q => q.TagFilter), rejections ?? Rejections.None)))
            .ToList();
        var images = digestsOfImages.Distinct().Select(i => (Text: i, Reference: Parse(i))).ToList();
        if (repositories.Count == 0 && images.Count == 0) return RegistryFacts.None;
        using var client = new RegistryClient(options);
        var cache = new ImageCache(options.ResolvedCacheDirectory);
        var scanner = new RepositoryScanner(client, cache);
        // One bounded pipeline: as many repositories at once as the client sends requests to a registry at once (each
        // reading that many tags at most), rather than a task per repository and tag all started together.
        var bound = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentRequestsPerRegistry), CancellationToken = cancellationToken };
        var tags = new ConcurrentDictionary<string, IReadOnlyList<TaggedImage>>(StringComparer.Ordinal);
        try
        {
            await Parallel.ForEachAsync(repositories, bound, async (r, ct) => tags[r.Repository.Name] = await ScanAsync(scanner, r.Repository, r.Needs, ct));
        }
        finally
        {
            // What was learnt before a failure is kept too: the next run need not ask it again.
            await cache.TrySaveAsync(log.Warn);
        }
        var digests = new ConcurrentDictionary<string, Digest?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(images, bound, async (image, ct) => digests[image.Text] = await DigestAsync(client, image.Reference, ct));
        return new RegistryFacts(tags, digests);
    }

    /// <summary>Every tag of each image's repository, dated (ListImages --service: what a container could run, whatever its
    /// filter allows). A repository the registry does not know lists no tags.</summary>
    internal async Task<IReadOnlyDictionary<string, IReadOnlyList<TaggedImage>>> ListEverythingAsync(IEnumerable<string> images, CancellationToken cancellationToken = default)
    {
        var repositories = images.Select(Parse).OfType<ImageReference>().GroupBy(r => r.Name).Select(g => g.First()).ToList();
        var tags = new ConcurrentDictionary<string, IReadOnlyList<TaggedImage>>(StringComparer.Ordinal);
        if (repositories.Count == 0) return tags;
        using var client = new RegistryClient(options);
        var cache = new ImageCache(options.ResolvedCacheDirectory);
        var scanner = new RepositoryScanner(client, cache);
        var bound = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentRequestsPerRegistry), CancellationToken = cancellationToken };
        try
        {
            await Parallel.ForEachAsync(repositories, bound, async (r, ct) => tags[r.Name] = await ScanAsync(scanner, r, TagNeeds.Everything, ct));
        }
        finally
        {
            await cache.TrySaveAsync(log.Warn);
        }
        return tags;
    }

    // A filter that does not parse is the plan's to report: every tag is read, so that the plan gets as far as reading it.
    private static TagNeeds NeedsOf(string repository, IEnumerable<string> filters, Rejections rejections)
    {
        var policies = new List<TagPolicy>();
        foreach (var filter in filters.Distinct(StringComparer.Ordinal))
        {
            try
            {
                policies.Add(TagPolicy.Parse(filter));
            }
            catch (TagPolicyException)
            {
                return TagNeeds.Everything;
            }
        }
        return TagNeeds.Choose(policies, rejections.OfRepository(repository).Select(r => r.Tag).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<IReadOnlyList<TaggedImage>> ScanAsync(RepositoryScanner scanner, ImageReference repository, TagNeeds needs, CancellationToken cancellationToken)
    {
        try
        {
            var scan = await scanner.ScanAsync(repository, needs, cancellationToken);
            foreach (var problem in scan.Problems) log.Warn($"{repository.Name}: tag {problem.Tag} skipped: {problem.Message}");
            return scan.Images;
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.NotFound)
        {
            return [];
        }
    }

    // The digest the tag has now; an image given by digest is its own; null when the registry has no such tag.
    private static async Task<Digest?> DigestAsync(RegistryClient client, ImageReference? reference, CancellationToken cancellationToken)
    {
        if (reference?.Tag is null) return reference?.Digest;
        try
        {
            var repository = reference.WithoutTagOrDigest();
            return await client.HeadManifestAsync(repository, reference.Tag, cancellationToken)
                ?? (await client.GetManifestAsync(repository, reference.Tag, cancellationToken)).Digest;
        }
        catch (RegistryException e) when (e.Kind == RegistryErrorKind.NotFound)
        {
            return null;
        }
    }

    private static ImageReference? Parse(string image) => ImageReference.TryParse(image, out var reference) ? reference : null;
}
