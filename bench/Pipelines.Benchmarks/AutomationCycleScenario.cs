using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipelines.Diagnostics;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Sandbox.Registry;

namespace Pipelines.Benchmarks;

/// <summary>
/// The registry reads of an automation cycle (<see cref="RegistryLookup"/>, what <c>Release --automated</c> and Watch ask before
/// planning) over N workloads, each running its own repository of T version tags plus <c>latest</c>, against Debian's
/// docker-registry on 127.0.0.1. Each cycle runs in its own process (this program, <c>automation-cycle</c>), so that its
/// peak RSS is the cycle's: cold (empty cache) and warm (the next cycle, within the refresh interval). What a cycle after the
/// refresh interval asks is counted by RepositoryScannerTests (a process's clock cannot be moved from here).
/// </summary>
static class AutomationCycleScenario
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var workloads = Argument(args, "--workloads") is { } w ? int.Parse(w, CultureInfo.InvariantCulture) : 500;
        var tags = Argument(args, "--tags") is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : 26;
        var rounds = Argument(args, "--rounds") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 3;
        var filters = Argument(args, "--filter") is { } f ? [f] : new[] { "semver:^1.0", "glob:*" };
        await using var registry = await DistributionRegistry.StartAsync();
        output.WriteLine($"registry {registry.Host}, pushing {workloads} repositories of {tags} tags + latest ...");
        var pushing = Stopwatch.StartNew();
        await PushAsync(registry.Host, workloads, tags);
        output.WriteLine($"pushed in {pushing.Elapsed.TotalSeconds:0} s");

        output.WriteLine();
        output.WriteLine($"| {workloads} workloads, {tags} version tags + latest each | filter | cycle | time | requests per repository | peak RSS |");
        output.WriteLine("|---|---|---|---:|---:|---:|");
        foreach (var filter in filters)
        {
            var cycles = new Dictionary<string, List<Cycle>> { ["cold"] = [], ["warm"] = [] };
            for (var round = 0; round < rounds; round++)
            {
                var cache = Directory.CreateTempSubdirectory("pipelines-bench-cycle").FullName;
                cycles["cold"].Add(await CycleInChildAsync(registry.Host, workloads, filter, cache));
                cycles["warm"].Add(await CycleInChildAsync(registry.Host, workloads, filter, cache));
                Directory.Delete(cache, recursive: true);
            }
            foreach (var (name, runs) in cycles)
            {
                output.WriteLine($"| median of {runs.Count} | `{filter}` | {name} | {Median(runs.Select(c => c.Ms)):0} ms | " +
                                 $"{Median(runs.Select(c => (double)c.Requests)) / workloads:0.0#} | {Median(runs.Select(c => c.PeakRssKb)) / 1024:0} MB |");
            }
        }
        return 0;
    }

    /// <summary>One cycle in this process: <c>automation-cycle HOST WORKLOADS FILTER CACHE</c>; prints "ms requests peak-rss-kb".</summary>
    public static async Task<int> CycleAsync(string[] args, TextWriter output)
    {
        var (host, workloads, filter, cache) = (args[0], int.Parse(args[1], CultureInfo.InvariantCulture), args[2], args[3]);
        var answered = 0;
        var options = new RegistryOptions
        {
            CacheDirectory = cache,
            Watch = new RegistryRequestWatch(TimeSpan.FromMinutes(1), _ => { }, _ => Interlocked.Increment(ref answered)),
        };
        var images = Enumerable.Range(0, workloads).Select(i => $"{host}/bench/service-{i}:1.0.0").ToList();
        var watch = Stopwatch.StartNew();
        var facts = await AskAsync(new RegistryLookup(options, new TextLog(TextWriter.Null)), images, filter);
        watch.Stop();
        if (images.Any(i => facts.TagsOf(i) is not { Count: > 0 }))
        {
            output.WriteLine("ERROR: a repository's tags were not read");
            return 1;
        }
        output.WriteLine(FormattableString.Invariant($"{watch.Elapsed.TotalMilliseconds:0} {answered} {PeakRssKb()}"));
        return 0;
    }

    static Task<RegistryFacts> AskAsync(RegistryLookup lookup, IReadOnlyList<string> images, string filter) =>
        lookup.ReadAsync(images.Select(i => new TagQuestion(i, filter)), [], Rejections.None);

    static async Task<Cycle> CycleInChildAsync(string host, int workloads, string filter, string cache)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var arg in new[] { typeof(AutomationCycleScenario).Assembly.Location, "automation-cycle", host, workloads.ToString(CultureInfo.InvariantCulture),
                     filter, cache })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var line = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        var parts = line.Split(' ');
        if (process.ExitCode != 0 || parts.Length != 3) throw new InvalidOperationException($"automation-cycle failed: {line}");
        return new Cycle(double.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    /// <summary>Each repository: one config and one layer blob, and a manifest per tag made distinct by an annotation, so
    /// every tag has its own digest (as every build has) without uploading blobs per tag.</summary>
    static async Task PushAsync(string host, int repositories, int tags)
    {
        using var client = new RegistryClient(new RegistryOptions { CacheDirectory = Path.GetTempPath() });
        await Parallel.ForEachAsync(Enumerable.Range(0, repositories), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (r, ct) =>
        {
            var repository = ImageReference.Parse($"{host}/bench/service-{r}");
            var config = JsonSerializer.SerializeToUtf8Bytes(new
            {
                created = "2025-01-01T00:00:00Z",
                architecture = "amd64",
                os = "linux",
                config = new { Labels = new Dictionary<string, string> { ["org.opencontainers.image.revision"] = $"rev{r:x7}" } },
                rootfs = new { type = "layers", diff_ids = Array.Empty<string>() },
            });
            var layer = Encoding.UTF8.GetBytes($"layer of service {r}");
            var configDigest = await client.PushBlobAsync(repository, config, ct);
            var layerDigest = await client.PushBlobAsync(repository, layer, ct);
            var names = Enumerable.Range(0, tags).Select(i => $"1.{i / 10}.{i % 10}").Append("latest").ToList();
            for (var i = 0; i < names.Count; i++)
            {
                var manifest = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    schemaVersion = 2,
                    mediaType = ManifestMediaTypes.OciManifest,
                    config = new { mediaType = ManifestMediaTypes.OciConfig, digest = configDigest.ToString(), size = config.Length },
                    layers = new[] { new { mediaType = ManifestMediaTypes.OciLayer, digest = layerDigest.ToString(), size = layer.Length } },
                    annotations = new Dictionary<string, string> { ["build"] = $"{Math.Min(i, tags - 1)}" },
                });
                await client.PushManifestAsync(repository, names[i], ManifestMediaTypes.OciManifest, manifest, ct);
            }
        });
    }

    // The kernel's high-water mark of this process's resident memory.
    static double PeakRssKb() =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();

    static string? Argument(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    sealed record Cycle(double Ms, int Requests, double PeakRssKb);
}
