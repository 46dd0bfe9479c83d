using System.Diagnostics;
using Pipelines.Cli;
using Pipelines.Sandbox.Docker;
using Pipelines.Sandbox.Registry;
using Pipelines.Targets;

namespace Pipelines.Benchmarks;

/// <summary>
/// BuildImage + PushImage of examples/app (with its ASSETS_MB layer) against <c>docker build</c> + <c>docker push</c>
/// of Debian's Docker CLI, on the same engine and registry, alternating which goes first. Every round builds
/// without cache into a new repository, as a fresh CI agent does. Pipelines is timed twice: as CI runs it
/// (<c>./build.sh</c>, a .NET process per call, start-up and JIT included) and in this process after a
/// warm-up (the engine-facing work alone).
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

        // One round unmeasured: compiles build/ if needed, fills the page cache, warms the engine.
        await PipelinesAsync(engine.Host, $"{registry.Host}/bench/warm-p", context, assetsMb);
        await InProcessAsync(engine.Host, $"{registry.Host}/bench/warm-i", context, assetsMb);
        await CliAsync(cli, engine.Host, $"{registry.Host}/bench/warm-d", context, assetsMb);

        var pipelines = new List<double>();
        var inProcess = new List<(double Build, double Push)>();
        var docker = new List<(double Build, double Push)>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate the order, so that neither always meets a warmer page cache.
            var steps = new List<Func<Task>>
            {
                async () => pipelines.Add(await PipelinesAsync(engine.Host, $"{registry.Host}/bench/app-p{round}", context, assetsMb)),
                async () => inProcess.Add(await InProcessAsync(engine.Host, $"{registry.Host}/bench/app-i{round}", context, assetsMb)),
                async () => docker.Add(await CliAsync(cli, engine.Host, $"{registry.Host}/bench/app-d{round}", context, assetsMb)),
            };
            if (round % 2 == 1) steps.Reverse();
            foreach (var step in steps) await step();
            output.WriteLine($"round {round + 1}: ./build.sh {pipelines[^1]:0} ms, in-process {inProcess[^1].Build:0} + {inProcess[^1].Push:0} ms, " +
                $"docker CLI {docker[^1].Build:0} + {docker[^1].Push:0} ms");
        }
        Directory.Delete(context, recursive: true);

        var (p, d) = (Median(pipelines), Median(docker.Select(r => r.Build + r.Push)));
        output.WriteLine();
        output.WriteLine($"| examples/app (ASSETS_MB={assetsMb}), build --no-cache into a new repository, median of {rounds} | build | push | total | total range |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        output.WriteLine($"| `./build.sh BuildImage PushImage` (one process, as CI runs it) | | | {p:0} ms | {pipelines.Min():0} – {pipelines.Max():0} ms |");
        output.WriteLine(Row("BuildImage, then PushImage --image, in-process after a warm-up (no start-up, no JIT)", inProcess));
        output.WriteLine(Row("`docker build`, `docker push` (Debian docker.io CLI 20.10, DOCKER_BUILDKIT=0)", docker));
        output.WriteLine();
        output.WriteLine($"./build.sh / CLI (median totals): {p / d:0.00}; in-process / CLI: {Median(inProcess.Select(r => r.Build + r.Push)) / d:0.00}");
        return 0;
    }

    static string Row(string what, List<(double Build, double Push)> rounds)
    {
        var totals = rounds.Select(r => r.Build + r.Push).ToList();
        return $"| {what} | {Median(rounds.Select(r => r.Build)):0} ms | {Median(rounds.Select(r => r.Push)):0} ms | {Median(totals):0} ms | {totals.Min():0} – {totals.Max():0} ms |";
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

    // What a CI job runs: one ./build.sh process for both targets, start-up and JIT included.
    static async Task<double> PipelinesAsync(string host, string repository, string context, int assetsMb)
    {
        var root = Directory.CreateTempSubdirectory("pipelines-bench-root").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var watch = Stopwatch.StartNew();
        await RunAsync(Path.Combine(FindRoot(), "build.sh"), host, ["BuildImage", "PushImage", "--repository", repository, "--tag", "bench",
            "--docker-context", context, "--build-arg", $"ASSETS_MB={assetsMb}", "--no-cache", "--root", root, "--no-logo"]);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        Directory.Delete(root, recursive: true);
        return elapsed;
    }

    static async Task<(double, double)> InProcessAsync(string host, string repository, string context, int assetsMb)
    {
        var root = Directory.CreateTempSubdirectory("pipelines-bench-root").FullName;
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        var build = await TimeRunnerAsync(root, ["BuildImage", "--repository", repository, "--tag", "bench", "--docker-context", context,
            "--build-arg", $"ASSETS_MB={assetsMb}", "--no-cache", "--docker-host", host, "--no-logo"]);
        var push = await TimeRunnerAsync(root, ["PushImage", "--image", repository + ":bench", "--docker-host", host, "--no-logo"]);
        Directory.Delete(root, recursive: true);
        return (build, push);
    }

    static async Task<double> TimeRunnerAsync(string root, string[] args)
    {
        var log = new StringWriter();
        var watch = Stopwatch.StartNew();
        var exitCode = await Runner.RunAsync(args,
            new RunnerSettings { SettingsFolder = ".nuke", ToolName = "bench", Stdout = new StringWriter(), Stderr = log, WorkingDirectory = root, StderrIsTerminal = false },
            new DockerTargets());
        return exitCode == 0 ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"{string.Join(' ', args)} failed:\n{log}");
    }

    static async Task<(double, double)> CliAsync(string cli, string host, string repository, string context, int assetsMb)
    {
        var watch = Stopwatch.StartNew();
        // The same work as BuildImage: classic builder, no cache, the OCI labels it adds.
        await RunAsync(cli, host, ["build", "--no-cache", "-q", "--build-arg", $"ASSETS_MB={assetsMb}", "-t", repository + ":bench",
            "--label", "org.opencontainers.image.created=" + DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), context]);
        var build = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        await RunAsync(cli, host, ["push", "-q", repository + ":bench"]);
        return (build, watch.Elapsed.TotalMilliseconds);
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
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
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
