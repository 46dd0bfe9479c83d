using Pipelines.Images;
using Pipelines.Reporting;

namespace Pipelines.Registry;

/// <summary>
/// The <c>ListImages</c> target's work: the tags of a repository, newest first (or in the tag filter's order),
/// with short digest and build time. The result goes to stdout; progress and errors to the log.
/// Exit codes: 0 listed, 1 the registry failed, 2 bad parameters.
/// </summary>
public sealed class ListImagesCommand(HttpMessageHandler? transport = null, TimeProvider? time = null)
{
    public async Task<int> RunAsync(ListImagesOptions options, TextWriter stdout, TextWriter log, CancellationToken ct = default)
    {
        if (!ImageReference.TryParse(options.Repository, out var repository, out var referenceError))
        {
            log.WriteLine($"--repository: {referenceError.Message}");
            return 2;
        }
        if (repository.Tag is not null || repository.Digest is not null)
        {
            log.WriteLine($"--repository: '{options.Repository}' names a tag or digest; give the repository alone, e.g. {repository.Name}.");
            return 2;
        }
        if (options.Limit is < 1)
        {
            log.WriteLine($"--limit: {options.Limit} is not a number of images; give 1 or more, or leave it out to list all.");
            return 2;
        }
        TagPolicy? policy = null;
        try
        {
            if (options.TagFilter is { Length: > 0 } filter)
                policy = TagPolicy.Parse(filter);
            Platform.Parse(options.Registry.Platform);
        }
        catch (FormatException e)
        {
            log.WriteLine((options.TagFilter is { Length: > 0 } && policy is null ? "--tag-filter: " : "--platform: ") + e.Message);
            return 2;
        }

        RepositoryScan scan;
        try
        {
            using var client = new RegistryClient(options.Registry, transport, time);
            var cache = new ImageCache(options.Registry.ResolvedCacheDirectory);
            // Only the tags the filter lets through are dated.
            scan = await new RepositoryScanner(client, cache).ScanAsync(repository, TagNeeds.List(policy), ct);
            await cache.TrySaveAsync(log.WriteLine, ct);
        }
        catch (RegistryException e)
        {
            log.WriteLine(e.Message);
            return 1;
        }
        catch (FormatException e)
        {
            // A Docker config file that does not parse; the message names the file and what to do.
            log.WriteLine(e.Message);
            return 1;
        }

        foreach (var problem in scan.Problems.OrderBy(p => p.Tag, StringComparer.Ordinal))
            log.WriteLine($"Skipped tag {problem.Tag}: {problem.Message}");
        var images = policy?.Select(scan.Images) ?? TagPolicy.ByCreated(scan.Images).ToList();
        var shown = options.Limit is { } limit ? images.Take(limit).ToList() : images;
        log.WriteLine($"{repository.Name}: {scan.Listed} tags, {images.Count} {(policy is null ? "listed" : $"pass {policy}")}, {shown.Count} shown.");
        if (options.Output == OutputFormat.Json)
            ImageListing.WriteJson(repository.Name, shown, stdout);
        else
            ImageListing.WriteText(shown, stdout);
        return 0;
    }
}
