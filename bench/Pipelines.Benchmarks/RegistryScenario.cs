using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Benchmarks;

/// <summary>
/// Lists and dates every tag of a 1,000-tag repository: with the Pipelines client cold (empty cache) and warm
/// (within the refresh interval), and with skopeo (<c>skopeo list-tags</c> plus <c>skopeo inspect</c> per tag),
/// sequentially as a script would and 8 at a time, the client's own concurrency bound.
/// </summary>
static class RegistryScenario
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var tags = Argument(args, "--tags") ?? 1000;
        var concurrency = Argument(args, "--concurrency") ?? new RegistryOptions().MaxConcurrentRequestsPerRegistry;
        await using var registry = await DistributionRegistry.StartAsync();
        var repository = ImageReference.Parse($"{registry.Host}/bench/app");
        output.WriteLine($"registry {registry.Host}, pushing {tags} images to {repository.Name} ...");
        await PushAsync(repository, tags);

        var cold = new List<(double Ms, int Requests, int Images)>();
        var warm = new List<(double Ms, int Requests, int Images)>();
        for (var round = 0; round < 3; round++)
        {
            var cache = Directory.CreateTempSubdirectory("pipelines-bench-cache").FullName;
            cold.Add(await ScanAsync(repository, cache, concurrency));
            for (var i = 0; i < 5; i++)
                warm.Add(await ScanAsync(repository, cache, concurrency));
            Directory.Delete(cache, recursive: true);
        }

        var raw = new List<double>();
        for (var round = 0; round < 3; round++)
            raw.Add(await RawHttpAsync(repository, concurrency));
        var skopeoSequential = await SkopeoAsync(repository, parallelism: 1);
        var skopeoParallel = await SkopeoAsync(repository, parallelism: 8);

        var coldMedian = Median(cold.Select(c => c.Ms));
        var warmMedian = Median(warm.Select(w => w.Ms));
        output.WriteLine();
        output.WriteLine($"| what ({tags} tags, each dated; client concurrency {concurrency}) | time | registry requests |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine($"| Pipelines cold (empty cache), median of {cold.Count} | {coldMedian:0} ms | {cold[0].Requests} |");
        output.WriteLine($"| Pipelines warm (within refresh interval), median of {warm.Count} | {warmMedian:0.0} ms | {warm[0].Requests} |");
        output.WriteLine($"| bare HttpClient: tag list, then GET manifest + GET config per tag, {concurrency} at a time, no auth/retry/cache (floor), median of {raw.Count} | {Median(raw):0} ms | {2 * tags + 1} |");
        output.WriteLine($"| skopeo list-tags + inspect per tag, sequential | {skopeoSequential:0} ms | - |");
        output.WriteLine($"| skopeo list-tags + inspect per tag, 8 at a time | {skopeoParallel:0} ms | - |");
        output.WriteLine();
        output.WriteLine($"cold speed-up over skopeo: {skopeoSequential / coldMedian:0.0}x sequential, {skopeoParallel / coldMedian:0.0}x 8 at a time");
        if (cold.Any(c => c.Images != tags) || warm.Any(w => w.Images != tags))
        {
            output.WriteLine("ERROR: a scan did not date every tag");
            return 1;
        }
        return 0;
    }

    static async Task PushAsync(ImageReference repository, int count)
    {
        using var client = new RegistryClient(new RegistryOptions { CacheDirectory = Path.GetTempPath() });
        var layer = Encoding.UTF8.GetBytes("shared layer");
        var layerDigest = await client.PushBlobAsync(repository, layer);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var config = JsonSerializer.SerializeToUtf8Bytes(new
            {
                created = start.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                architecture = "amd64",
                os = "linux",
                config = new { Labels = new Dictionary<string, string> { ["org.opencontainers.image.revision"] = $"rev{i:x7}" } },
                rootfs = new { type = "layers", diff_ids = Array.Empty<string>() },
            });
            var configDigest = await client.PushBlobAsync(repository, config, ct);
            var manifest = JsonSerializer.SerializeToUtf8Bytes(new
            {
                schemaVersion = 2,
                mediaType = ManifestMediaTypes.OciManifest,
                config = new { mediaType = ManifestMediaTypes.OciConfig, digest = configDigest.ToString(), size = config.Length },
                layers = new[] { new { mediaType = ManifestMediaTypes.OciLayer, digest = layerDigest.ToString(), size = layer.Length } },
            });
            await client.PushManifestAsync(repository, $"1.0.{i}", ManifestMediaTypes.OciManifest, manifest, ct);
        });
    }

    static int? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    }

    static async Task<(double Ms, int Requests, int Images)> ScanAsync(ImageReference repository, string cacheDirectory, int concurrency)
    {
        var counter = new RequestCounter();
        var options = new RegistryOptions { CacheDirectory = cacheDirectory, MaxConcurrentRequestsPerRegistry = concurrency };
        var watch = Stopwatch.StartNew();
        using var client = new RegistryClient(options, counter);
        var cache = new ImageCache(cacheDirectory);
        var scan = await new RepositoryScanner(client, cache).ScanAsync(repository);
        await cache.SaveAsync();
        watch.Stop();
        return (watch.Elapsed.TotalMilliseconds, counter.Requests, scan.Images.Count(i => i.Created is not null));
    }

    /// <summary>The least any client must do to date every tag: the floor set by this registry on this machine.</summary>
    static async Task<double> RawHttpAsync(ImageReference repository, int concurrency)
    {
        using var http = new HttpClient();
        var watch = Stopwatch.StartNew();
        var baseUri = $"http://{repository.Registry}/v2/{repository.Repository}";
        using var list = JsonDocument.Parse(await http.GetStringAsync($"{baseUri}/tags/list"));
        var tags = list.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (tag, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUri}/manifests/{tag}");
            request.Headers.Accept.ParseAdd(ManifestMediaTypes.OciManifest);
            using var response = await http.SendAsync(request, ct);
            using var manifest = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            var config = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString();
            await http.GetByteArrayAsync($"{baseUri}/blobs/{config}", ct);
        });
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>What a script does without Pipelines: list the tags, then inspect each for its creation time.</summary>
    static async Task<double> SkopeoAsync(ImageReference repository, int parallelism)
    {
        var watch = Stopwatch.StartNew();
        var list = await RunSkopeoAsync(["list-tags", "--tls-verify=false", $"docker://{repository.Name}"]);
        using var json = JsonDocument.Parse(list);
        var tags = json.RootElement.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()!).ToList();
        var dated = 0;
        await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (tag, ct) =>
        {
            var inspect = await RunSkopeoAsync(["inspect", "--tls-verify=false", "--no-tags", $"docker://{repository.Name}:{tag}"]);
            using var info = JsonDocument.Parse(inspect);
            if (info.RootElement.TryGetProperty("Created", out _))
                Interlocked.Increment(ref dated);
        });
        watch.Stop();
        if (dated != tags.Count)
            throw new InvalidOperationException($"skopeo dated {dated} of {tags.Count} tags");
        return watch.Elapsed.TotalMilliseconds;
    }

    static async Task<string> RunSkopeoAsync(string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("skopeo", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("skopeo did not start; apt-get install skopeo");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"skopeo {string.Join(' ', arguments)} failed: {await stderr}");
        return await stdout;
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    sealed class RequestCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
