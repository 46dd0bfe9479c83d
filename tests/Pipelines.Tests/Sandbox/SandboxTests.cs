using System.Diagnostics;
using Pipelines.Sandbox.Local;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Sandbox;

/// <summary>The sandbox as a newcomer meets it: from nothing to running, reused, and stopped without leftovers.</summary>
public sealed class SandboxTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-sandbox-root-").FullName;
    private readonly string _sandbox;

    public SandboxTests()
    {
        // A repository root of its own, so the test never writes this repository's .nuke/parameters.sandbox.json.
        _sandbox = Path.Combine(_root, "sb");
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        CopyFolder(Path.Combine(BuiltCli.RepositoryRoot, "manifests-example"), Path.Combine(_root, "manifests-example"));
    }

    public void Dispose()
    {
        // Whatever the test left running is stopped, even when an assertion failed half-way.
        LocalSandbox.StopAsync(_sandbox, Targets.Log.To(TextWriter.Null)).GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) => RunExactly([.. args, "--sandbox-dir", _sandbox]);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunExactly(string[] args)
    {
        using var process = BuiltCli.Start(_root, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Starts_from_nothing_is_reused_when_started_again_and_stops_without_leftovers()
    {
        var (exitCode, stdout, stderr) = await Run("Sandbox");

        Assert.True(exitCode == 0, stderr);
        var state = SandboxState.Read(_sandbox);
        Assert.Equal(["git", "kubernetes-production", "kubernetes-staging", "registry"], state.Processes.Select(p => p.Name).Where(n => n != "docker").Order());
        Assert.All(state.Processes, p => Assert.True(DetachedProcess.IsAlive(p.Pid), $"{p.Name} is not running"));
        Assert.Contains("Sync of staging at", stderr);
        Assert.Contains("Sync of production at", stderr);
        Assert.True(File.Exists(Path.Combine(_root, ".nuke", "parameters.sandbox.json")));
        var kubeconfig = stdout.Trim();
        var kubectl = new Pipelines.Sandbox.Kube.Tools.Kubectl(kubeconfig, Path.Combine(_root, "kubectl-cache"));
        var (kubectlExit, deployments) = await kubectl.Run("--context", "production", "-n", "sock-shop", "get", "deployments", "-o", "name");
        Assert.True(kubectlExit == 0, deployments);
        Assert.Contains("deployment.apps/front-end", deployments);
        var (_, image) = await kubectl.Run("--context", "staging", "-n", "sock-shop", "get", "deployment", "front-end", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        Assert.Equal($"{state.Registry}/weaveworksdemos/front-end:0.3.12", image.Trim());

        var again = await Run("Sandbox");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("is running; reusing it", again.Stderr);
        Assert.Equal(state.Processes.Select(p => p.Pid), SandboxState.Read(_sandbox).Processes.Select(p => p.Pid));

        // The command it printed stops it: a sandbox started in another folder says so.
        var stopLine = stderr.Split('\n').Single(line => line.Contains("stop it", StringComparison.Ordinal)).Trim();
        Assert.EndsWith($"./build.sh Sandbox --stop --sandbox-dir {_sandbox}", stopLine);
        var stop = await RunExactly(stopLine[(stopLine.IndexOf("./build.sh", StringComparison.Ordinal) + "./build.sh ".Length)..].Split(' '));
        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.All(state.Processes, p => Assert.False(DetachedProcess.IsAlive(p.Pid), $"{p.Name} (pid {p.Pid}) still runs"));
        foreach (var endpoint in state.Processes.Select(p => p.Endpoint).Where(e => !e.StartsWith("unix:", StringComparison.Ordinal)))
        {
            Assert.False(await Endpoints.TcpAnswersAsync(new Uri(endpoint).Port), $"{endpoint} still answers");
        }
        Assert.False(Directory.Exists(_sandbox));
        Assert.False(File.Exists(Path.Combine(_root, ".nuke", "parameters.sandbox.json")));
    }

    [Fact]
    public async Task Stop_after_a_crashed_start_stops_what_was_recorded()
    {
        using var process = BuiltCli.Start(_root, ["Sandbox", "--sandbox-dir", _sandbox]);
        var started = Stopwatch.StartNew();
        while (SandboxState.Read(_sandbox).Processes.Count < 2 && started.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(100);
        process.Kill(entireProcessTree: false);   // the Sandbox run dies; what it started keeps running
        await process.WaitForExitAsync();
        var recorded = SandboxState.Read(_sandbox).Processes;
        Assert.True(recorded.Count >= 2);

        var stop = await Run("Sandbox", "--stop");

        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.All(recorded, p => Assert.False(DetachedProcess.IsAlive(p.Pid), $"{p.Name} (pid {p.Pid}) still runs"));
        Assert.False(Directory.Exists(_sandbox));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
