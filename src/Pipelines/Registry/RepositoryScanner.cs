using System.Collections.Concurrent;
using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// Reads what <see cref="TagNeeds"/> asks of a repository's tags, asking the registry as little as possible: one tag list per
/// scan, filtered by the policies before anything is asked per tag; a policy that orders by tag name costs the manifest of
/// the tag it chooses; one that orders by build time costs the manifest and config blob of each tag it matches, once. A
/// cached tag costs nothing until its refresh interval has passed and then one <c>HEAD</c>, and a version tag nothing ever
/// (<see cref="VersionTag"/>); a digest seen before is never fetched again. At most as many tags are read at once as the
/// client sends requests to a registry at once. What the scan learns goes to the cache in memory; the caller saves it.
/// </summary>
internal sealed class RepositoryScanner(RegistryClient client, ImageCache cache)
{
    const int MaxIndexDepth = 2;
    static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    readonly TagRefreshSchedule _schedule = new(client.Options.TagRefreshMinimum, client.Options.TagRefreshMaximum);

    int Parallelism => Math.Max(1, client.Options.MaxConcurrentRequestsPerRegistry);

    /// <param name="needs">What to learn; every tag, dated, when null.</param>
    public async Task<RepositoryScan> ScanAsync(ImageReference repository, TagNeeds? needs = null, CancellationToken ct = default)
    {
        repository = repository.WithoutTagOrDigest();
        needs ??= TagNeeds.Everything;
        var tags = (await client.ListTagsAsync(repository, ct)).Distinct().ToList();
        cache.KeepTags(repository, tags);
        var now = client.Time.GetUtcNow();
        var results = new ConcurrentDictionary<string, TagResult>(StringComparer.Ordinal);

        var byBuildTime = needs.DateEveryMatch ? needs.Policies : needs.Policies.Where(p => !p.OrdersByTag).ToList();
        var toDate = tags.Where(tag => byBuildTime.Any(p => p.Matches(tag))).ToList();
        await Parallel.ForEachAsync(toDate, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
            async (tag, token) => results[tag] = await ReadTagAsync(repository, tag, dated: true, now, token));
        if (!needs.DateEveryMatch)
        {
            foreach (var policy in needs.Policies.Where(p => p.OrdersByTag))
                await ChooseAsync(repository, policy, tags, needs.Rejected, results, now, ct);
        }

        var read = tags.Where(results.ContainsKey).Select(tag => results[tag]).ToList();
        return new RepositoryScan(repository, read.Select(r => r.Image).OfType<TaggedImage>().ToList(), read.Select(r => r.Problem).OfType<TagProblem>().ToList(), tags.Count);
    }

    /// <summary>Reads the policy's tags best first until one is readable, allowed and not rejected: the one it chooses.</summary>
    async Task ChooseAsync(ImageReference repository, TagPolicy policy, IReadOnlyList<string> tags, IReadOnlySet<string> rejected,
        ConcurrentDictionary<string, TagResult> results, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var tag in policy.Preferred(tags, t => cache.FindTag(repository, t)?.Moves == true))
        {
            if (!results.TryGetValue(tag, out var result))
                results[tag] = result = await ReadTagAsync(repository, tag, dated: false, now, ct);
            if (result.Image is { } image && policy.Allows(image) && !rejected.Contains(tag))
                return;
        }
    }

    /// <param name="dated">Whether the build time is needed (its config blob is read unless cached), or the digest alone.</param>
    async Task<TagResult> ReadTagAsync(ImageReference repository, string tag, bool dated, DateTimeOffset now, CancellationToken ct)
    {
        var name = $"{repository.Name}:{tag}";
        try
        {
            var (digest, manifest, moves) = await DigestOfAsync(repository, tag, now, ct);
            var config = dated ? await ResolveAsync(repository, name, digest, manifest, 0, ct) : Known(repository, name, digest, manifest);
            return new TagResult(new TaggedImage(tag, digest, config?.Created, config?.Labels ?? NoLabels, moves), null);
        }
        catch (RegistryException e) when (e.Kind is RegistryErrorKind.Malformed or RegistryErrorKind.PlatformMissing or RegistryErrorKind.NotFound)
        {
            return new TagResult(null, new TagProblem(tag, e.Message));
        }
    }

    /// <summary>The digest a tag points at: from the cache while its record is fresh (a version tag's always), else by <c>HEAD</c>
    /// for a known tag or <c>GET</c> for a new one (whose manifest is then at hand).</summary>
    async Task<(Digest Digest, ManifestResponse? Manifest, bool Moves)> DigestOfAsync(ImageReference repository, string tag, DateTimeOffset now, CancellationToken ct)
    {
        var record = cache.FindTag(repository, tag);
        if (record is not null && (VersionTag.IsImmutable(tag) || !_schedule.IsDue(record, now)) && Digest.TryParse(record.Digest, out var cached, out _))
            return (cached, null, record.Moves);
        ManifestResponse? manifest = null;
        var digest = record is not null
            ? await client.HeadManifestAsync(repository, tag, ct) ?? (manifest = await client.GetManifestAsync(repository, tag, ct)).Digest
            : (manifest = await client.GetManifestAsync(repository, tag, ct)).Digest;
        var next = _schedule.Observe(record, digest.ToString(), now);
        cache.SaveTag(repository, tag, next);
        return (digest, manifest, next.Moves);
    }

    /// <summary>What is known of an image without reading its config blob. A manifest just read is still checked, so that an
    /// unreadable one, or an index without this platform, is never chosen.</summary>
    ImageConfig? Known(ImageReference repository, string name, Digest digest, ManifestResponse? manifest)
    {
        if (manifest is not null && Parse(repository, name, digest, manifest) is IndexManifest index)
            cache.SavePlatformImage(digest, client.Platform, PlatformEntry(repository, name, index).Manifest.Digest);
        return cache.FindImage(cache.FindPlatformImage(digest, client.Platform) ?? digest);
    }

    /// <summary>The build time and labels of the image a manifest digest stands for, from the cache or the registry.</summary>
    async Task<ImageConfig> ResolveAsync(ImageReference repository, string name, Digest digest, ManifestResponse? manifest, int depth, CancellationToken ct)
    {
        if (cache.FindImage(digest) is { } known)
            return known;
        if (cache.FindPlatformImage(digest, client.Platform) is { } image)
            return await ResolveAsync(repository, name, image, null, depth + 1, ct);

        manifest ??= await client.GetManifestAsync(repository, digest.ToString(), ct);
        switch (Parse(repository, name, digest, manifest))
        {
            case ImageManifest imageManifest:
                var blob = await client.GetBlobAsync(repository, imageManifest.Config.Digest, ct);
                ImageConfig config;
                try
                {
                    config = ImageConfig.Parse(blob);
                }
                catch (FormatException e)
                {
                    throw Malformed(repository, name, digest, e.Message);
                }
                cache.SaveImage(digest, config);
                return config;
            case IndexManifest index when depth < MaxIndexDepth:
                var entry = PlatformEntry(repository, name, index);
                cache.SavePlatformImage(digest, client.Platform, entry.Manifest.Digest);
                return await ResolveAsync(repository, name, entry.Manifest.Digest, null, depth + 1, ct);
            default:
                throw Malformed(repository, name, digest, "it is an index nested in an index more deeply than images are built");
        }
    }

    static ManifestDocument Parse(ImageReference repository, string name, Digest digest, ManifestResponse manifest)
    {
        try
        {
            return manifest.Parse();
        }
        catch (FormatException e)
        {
            throw Malformed(repository, name, digest, e.Message);
        }
    }

    IndexEntry PlatformEntry(ImageReference repository, string name, IndexManifest index) =>
        index.Select(client.Platform)
        ?? throw new RegistryException(RegistryErrorKind.PlatformMissing, repository.Registry,
            $"{name} has no image for {client.Platform}; it has {string.Join(", ", index.Platforms.Select(p => p.ToString()).Distinct())}. Pass --platform with one of these.");

    static RegistryException Malformed(ImageReference repository, string name, Digest digest, string reason) =>
        new(RegistryErrorKind.Malformed, repository.Registry,
            $"{name} ({digest.Short}) cannot be read: {reason}. Push the image again, or delete the tag.");

    sealed record TagResult(TaggedImage? Image, TagProblem? Problem);
}
