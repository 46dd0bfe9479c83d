using System.Diagnostics;
using Pipelines.ProductTargets;
using Pipelines.Sandbox.Docker;
using Pipelines.Sandbox.Registry;
using Pipelines.Targets;

namespace Pipelines.Benchmarks;

/// <summary>
/// BuildImage + PushImage of examples/app (with its ASSETS_MB layer) against <c>docker build</c> + <c>docker push</c>
/// of Debian's Docker CLI, on the same engine and registry, alternating which goes first. Every round builds
/// without cache into a new repository, as a fresh CI agent does.
/// </summary>
static class DockerScenario
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var rounds = Argument(args, "--rounds") ?? 5;
        var assetsMb = Argument(args, "--assets-mb") ?? 50;
        var cli = File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : "docker";
        await using var engine = await DockerEngine.StartOrFindAsync();
        await using var registry = await DistributionRegistry.StartAsync();
        var context = PrepareContext();
        output.WriteLine($"engine {engine.Host}{(engine.IsPrivate ? " (private dockerd)" : "")}, registry {registry.Host}, {rounds} rounds, ASSETS_MB={assetsMb}");

        var pipelines = new List<double>();
        var docker = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate the order, so that neither always meets a warmer page cache.
            var steps = new List<Func<Task>>
            {
                async () => pipelines.Add(await PipelinesAsync(engine.Host, $"{registry.Host}/bench/app-p{round}", context, assetsMb)),
                async () => docker.Add(await CliAsync(cli, engine.Host, $"{registry.Host}/bench/app-d{round}", context, assetsMb)),
            };
            if (round % 2 == 1) steps.Reverse();
            foreach (var step in steps) await step();
            output.WriteLine($"round {round + 1}: Pipelines {pipelines[^1]:0} ms, docker CLI {docker[^1]:0} ms");
        }
        Directory.Delete(context, recursive: true);

        var (p, d) = (Median(pipelines), Median(docker));
        output.WriteLine();
        output.WriteLine($"| build --no-cache + push of examples/app (ASSETS_MB={assetsMb}), median of {rounds} | time | range |");
        output.WriteLine("|---|---:|---:|");
        output.WriteLine($"| Pipelines BuildImage + PushImage (Docker.DotNet, in-process runner) | {p:0} ms | {pipelines.Min():0} – {pipelines.Max():0} ms |");
        output.WriteLine($"| `docker build` + `docker push` (Debian docker.io CLI, DOCKER_BUILDKIT=0) | {d:0} ms | {docker.Min():0} – {docker.Max():0} ms |");
        output.WriteLine();
        output.WriteLine($"Pipelines / CLI: {p / d:0.00}");
        return 0;
    }

    static string PrepareContext()
    {
        var root = FindRoot();
        var context = Directory.CreateTempSubdirectory("pipelines-bench-app").FullName;
        var source = Path.Combine(root, "examples", "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(context, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        File.Copy("/bin/busybox", Path.Combine(context, "busybox"), overwrite: true);
        return context;
    }

    static async Task<double> PipelinesAsync(string host, string repository, string context, int assetsMb)
    {
        var root = Directory.CreateTempSubdirectory("pipelines-bench-root").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var log = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exitCode = await Runner.RunAsync(
            ["BuildImage", "PushImage", "--repository", repository, "--tag", "bench", "--docker-context", context, "--build-arg", $"ASSETS_MB={assetsMb}",
             "--no-cache", "--docker-host", host, "--no-logo"],
            new RunnerSettings { SettingsFolder = ".nuke", ToolName = "bench", Stdout = new StringWriter(), Stderr = log, WorkingDirectory = root, StderrIsTerminal = false },
            new DockerTargets());
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Directory.Delete(root, recursive: true);
        return exitCode == 0 ? elapsed : throw new InvalidOperationException("BuildImage PushImage failed:\n" + log);
    }

    static async Task<double> CliAsync(string cli, string host, string repository, string context, int assetsMb)
    {
        var watch = Stopwatch.StartNew();
        // The same work as BuildImage: classic builder, no cache, the OCI labels it adds.
        await RunAsync(cli, host, ["build", "--no-cache", "-q", "--build-arg", $"ASSETS_MB={assetsMb}", "-t", repository + ":bench",
            "--label", "org.opencontainers.image.created=" + DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), context]);
        await RunAsync(cli, host, ["push", "-q", repository + ":bench"]);
        return watch.Elapsed.TotalMilliseconds;
    }

    static async Task RunAsync(string program, string host, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOCKER_HOST"] = host;
        start.Environment["DOCKER_BUILDKIT"] = "0";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Pipelines.sln"))) return directory.FullName;
        throw new InvalidOperationException("The repository root is not above " + AppContext.BaseDirectory);
    }

    static int? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : null;
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
