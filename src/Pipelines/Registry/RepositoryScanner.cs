using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// Lists a repository's tags with digest, build time and labels, asking the registry as little as possible:
/// one tag list per scan; a new tag costs its manifest and config blob once; a known tag costs nothing until
/// its refresh interval has passed and then one <c>HEAD</c>; a digest seen before is never fetched again.
/// </summary>
internal sealed class RepositoryScanner(RegistryClient client, ImageCache cache)
{
    const int MaxIndexDepth = 2;
    readonly TagRefreshSchedule _schedule = new(client.Options.TagRefreshMinimum, client.Options.TagRefreshMaximum);

    public async Task<RepositoryScan> ScanAsync(ImageReference repository, CancellationToken ct = default)
    {
        repository = repository.WithoutTagOrDigest();
        var tags = await client.ListTagsAsync(repository, ct);
        var known = cache.LoadTags(repository);
        var now = client.Time.GetUtcNow();
        using var failFast = CancellationTokenSource.CreateLinkedTokenSource(ct);
        TagResult[] results;
        try
        {
            results = await Task.WhenAll(tags.Distinct().Select(async tag =>
            {
                try
                {
                    return await ScanTagAsync(repository, tag, known.GetValueOrDefault(tag), now, failFast.Token);
                }
                catch (RegistryException e) when (e.Kind is RegistryErrorKind.Malformed or RegistryErrorKind.PlatformMissing or RegistryErrorKind.NotFound)
                {
                    return new TagResult(tag, null, null, new TagProblem(tag, e.Message));
                }
                catch
                {
                    await failFast.CancelAsync();
                    throw;
                }
            }));
        }
        finally
        {
            cache.Flush();
        }
        var records = results.Where(r => r.Record is not null).ToDictionary(r => r.Tag, r => r.Record!, StringComparer.Ordinal);
        cache.SaveTags(repository, records);
        return new RepositoryScan(
            repository,
            results.Select(r => r.Image).OfType<TaggedImage>().ToList(),
            results.Select(r => r.Problem).OfType<TagProblem>().ToList());
    }

    async Task<TagResult> ScanTagAsync(ImageReference repository, string tag, TagRecord? record, DateTimeOffset now, CancellationToken ct)
    {
        ManifestResponse? manifest = null;
        Digest digest;
        TagRecord next;
        if (record is not null && !_schedule.IsDue(record, now) && Digest.TryParse(record.Digest, out var cached, out _))
        {
            digest = cached;
            next = record;
        }
        else
        {
            if (record is not null)
                digest = await client.HeadManifestAsync(repository, tag, ct) ?? (manifest = await client.GetManifestAsync(repository, tag, ct)).Digest;
            else
                digest = (manifest = await client.GetManifestAsync(repository, tag, ct)).Digest;
            next = _schedule.Observe(record, digest.ToString(), now);
        }
        var config = await ResolveAsync(repository, $"{repository.Name}:{tag}", digest, manifest, 0, ct);
        return new TagResult(tag, new TaggedImage(tag, digest, config.Created, config.Labels, next.Moves), next, null);
    }

    /// <summary>The build time and labels of the image a manifest digest stands for, from the cache or the registry.</summary>
    async Task<ImageConfig> ResolveAsync(ImageReference repository, string name, Digest digest, ManifestResponse? manifest, int depth, CancellationToken ct)
    {
        if (cache.FindImage(digest) is { } known)
            return known;
        if (cache.FindPlatformImage(digest, client.Platform) is { } image)
            return await ResolveAsync(repository, name, image, null, depth + 1, ct);

        manifest ??= await client.GetManifestAsync(repository, digest.ToString(), ct);
        ManifestDocument document;
        try
        {
            document = manifest.Parse();
        }
        catch (FormatException e)
        {
            throw Malformed(repository, name, digest, e.Message);
        }

        switch (document)
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
                var entry = index.Select(client.Platform)
                    ?? throw new RegistryException(RegistryErrorKind.PlatformMissing, repository.Registry,
                        $"{name} has no image for {client.Platform}; it has {string.Join(", ", index.Platforms.Select(p => p.ToString()).Distinct())}. Pass --platform with one of these.");
                cache.SavePlatformImage(digest, client.Platform, entry.Manifest.Digest);
                return await ResolveAsync(repository, name, entry.Manifest.Digest, null, depth + 1, ct);
            default:
                throw Malformed(repository, name, digest, "it is an index nested in an index more deeply than images are built");
        }
    }

    static RegistryException Malformed(ImageReference repository, string name, Digest digest, string reason) =>
        new(RegistryErrorKind.Malformed, repository.Registry,
            $"{name} ({digest.Short}) cannot be read: {reason}. Push the image again, or delete the tag.");

    sealed record TagResult(string Tag, TaggedImage? Image, TagRecord? Record, TagProblem? Problem);
}
