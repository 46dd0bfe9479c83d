using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ReleaseManager;

/// <summary>
/// Asks the registry what a plan needs, before planning: the tags of repositories (newest-per-policy) and
/// the digest a tag has now (an explicit image; promotion pins it). "No such repository or tag" is a fact
/// for the plan (<c>image not in registry</c>); a registry that cannot be reached or refuses credentials fails
/// the run before anything is committed.
/// </summary>
internal sealed class RegistryLookup(RegistryOptions options, Log log)
{
    public async Task<RegistryFacts> ReadAsync(IEnumerable<string> tagsOfImages, IEnumerable<string> digestsOfImages, CancellationToken cancellationToken = default)
    {
        var repositories = tagsOfImages.Select(Parse).OfType<ImageReference>().GroupBy(r => r.Name).Select(g => g.First()).ToList();
        var images = digestsOfImages.Distinct().Select(i => (Text: i, Reference: Parse(i))).ToList();
        if (repositories.Count == 0 && images.Count == 0) return RegistryFacts.None;
        using var client = new RegistryClient(options);
        var cache = new ImageCache(options.ResolvedCacheDirectory);
        var scanner = new RepositoryScanner(client, cache);
        var tags = new Dictionary<string, IReadOnlyList<TaggedImage>>(StringComparer.Ordinal);
        foreach (var repository in repositories)
        {
            try
            {
                var scan = await scanner.ScanAsync(repository, cancellationToken);
                foreach (var problem in scan.Problems) log.Warn($"{repository.Name}: tag {problem.Tag} skipped: {problem.Message}");
                tags[repository.Name] = scan.Images;
            }
            catch (RegistryException e) when (e.Kind == RegistryErrorKind.NotFound)
            {
                tags[repository.Name] = [];
            }
        }
        var digests = new Dictionary<string, Digest?>(StringComparer.Ordinal);
        foreach (var (text, reference) in images)
        {
            if (reference?.Tag is null)
            {
                digests[text] = reference?.Digest;
                continue;
            }
            try
            {
                var repository = reference.WithoutTagOrDigest();
                digests[text] = await client.HeadManifestAsync(repository, reference.Tag, cancellationToken)
                    ?? (await client.GetManifestAsync(repository, reference.Tag, cancellationToken)).Digest;
            }
            catch (RegistryException e) when (e.Kind == RegistryErrorKind.NotFound)
            {
                digests[text] = null;
            }
        }
        return new RegistryFacts(tags, digests);
    }

    private static ImageReference? Parse(string image) => ImageReference.TryParse(image, out var reference) ? reference : null;
}
