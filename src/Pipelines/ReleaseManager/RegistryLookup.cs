using Pipelines.Diagnostics;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>
/// Asks the registry what a plan needs, before planning: the tags of repositories (newest-per-policy) and
/// the digest a tag has now (an explicit image; promotion pins it). "No such repository or tag" is a fact
/// for the plan (<c>image not in registry</c>); a registry that cannot be reached or refuses credentials fails
/// the run before anything is committed.
/// </summary>
public sealed class RegistryLookup(RegistryOptions options, ILog log)
{
    public async Task<RegistryFacts> ReadAsync(IEnumerable<string> tagsOfImages, IEnumerable<string> digestsOfImages, CancellationToken cancellationToken = default)
    {
        var repositories = tagsOfImages.Select(Parse).OfType<ImageReference>().GroupBy(r => r.Name).Select(g => g.First()).ToList();
        var images = digestsOfImages.Distinct().Select(i => (Text: i, Reference: Parse(i))).ToList();
        if (repositories.Count == 0 && images.Count == 0) return RegistryFacts.None;
        using var client = new RegistryClient(options);
        var cache = new ImageCache(options.ResolvedCacheDirectory);
        var scanner = new RepositoryScanner(client, cache);
        // Repositories and images are asked about at once: a release of every service scans a dozen repositories,
        // and the client already limits requests in flight per registry.
        var scans = await Task.WhenAll(repositories.Select(async repository => (repository.Name, Images: await ScanAsync(scanner, repository, cancellationToken))));
        var pins = await Task.WhenAll(images.Select(async image => (image.Text, Digest: await DigestAsync(client, image.Reference, cancellationToken))));
        var tags = scans.ToDictionary(s => s.Name, s => s.Images, StringComparer.Ordinal);
        var digests = pins.ToDictionary(p => p.Text, p => p.Digest, StringComparer.Ordinal);
        return new RegistryFacts(tags, digests);
    }

    private async Task<IReadOnlyList<TaggedImage>> ScanAsync(RepositoryScanner scanner, ImageReference repository, CancellationToken cancellationToken)
    {
        try
        {
            var scan = await scanner.ScanAsync(repository, cancellationToken);
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
