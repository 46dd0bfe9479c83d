using System.Diagnostics;
using Pipelines.Sandbox.Local;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Ci;

/// <summary>
/// What a microservice's CI job talks to, shared by one test class: the sandbox (registry, config repo,
/// Docker engine, clusters) started with the compiled build, and the `pipelines` tool packed into a local
/// feed. A NuGet.Config above the service repos clears every other source, as on an offline CI agent.
/// </summary>
public sealed class CiSandboxFixture : IAsyncLifetime
{
    public string Work { get; } = Directory.CreateTempSubdirectory("pipelines-ci-").FullName;

    public string SandboxDirectory => Path.Combine(Work, "sb");

    public string Feed => Path.Combine(Work, "feed");

    public SandboxState State { get; private set; } = new();

    public string Kubeconfig => Path.Combine(SandboxDirectory, "kubeconfig");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Work, "root", ".nuke"));
        Copy(Path.Combine(BuiltCli.RepositoryRoot, "manifests-example"), Path.Combine(Work, "root", "manifests-example"));
        File.WriteAllText(Path.Combine(Work, "NuGet.Config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /></packageSources></configuration>
            """);

        var pack = await Shell.RunAsync("dotnet", ["pack", Path.Combine(BuiltCli.RepositoryRoot, "src", "Pipelines.Tool"), "-c", "Release", "-nologo", "-o", Feed], BuiltCli.RepositoryRoot);
        Assert.True(pack.ExitCode == 0, pack.Output);
        using var sandbox = BuiltCli.Start(Path.Combine(Work, "root"), ["Sandbox", "--sandbox-dir", SandboxDirectory]);
        var stderr = sandbox.StandardError.ReadToEndAsync();
        await sandbox.StandardOutput.ReadToEndAsync();
        await sandbox.WaitForExitAsync();
        Assert.True(sandbox.ExitCode == 0, await stderr);
        State = SandboxState.Read(SandboxDirectory);
    }

    public async Task DisposeAsync()
    {
        await LocalSandbox.StopAsync(SandboxDirectory, Targets.Log.To(TextWriter.Null));
        Directory.Delete(Work, recursive: true);
    }

    /// <summary>A service repository as CI checks it out: examples/app's files, the CI file, one commit.</summary>
    public Task<(string Folder, string Commit)> ServiceRepoAsync(string name, string ciFile, string ciFileInRepo) =>
        ServiceRepoAsync(name, folder =>
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, ciFileInRepo))!);
            File.Copy(ciFile, Path.Combine(folder, ciFileInRepo));
            return Task.CompletedTask;
        });

    /// <summary>A service repository whose CI file <paramref name="addCiFile"/> writes (e.g. generates) before the commit.</summary>
    public async Task<(string Folder, string Commit)> ServiceRepoAsync(string name, Func<string, Task> addCiFile)
    {
        var folder = Path.Combine(Work, name);
        Copy(Path.Combine(BuiltCli.RepositoryRoot, "examples", "app"), folder);
        await addCiFile(folder);
        File.Copy("/bin/busybox", Path.Combine(folder, "busybox"), overwrite: true);   // what prepare.sh does; git-ignored
        foreach (var args in new[] { ["init", "-q", "-b", "main"], ["add", "-A"], new[] { "-c", "user.name=dev", "-c", "user.email=dev@example.com", "commit", "-qm", "Service" } })
        {
            var git = await Shell.RunAsync("git", args, folder);
            Assert.True(git.ExitCode == 0, git.Output);
        }
        var head = await Shell.RunAsync("git", ["rev-parse", "HEAD"], folder);
        return (folder, head.Output.Trim());
    }

    /// <summary>The packed `pipelines` tool, installed once from the feed, as a developer installs it to generate CI files.</summary>
    public async Task<string> InstalledToolAsync()
    {
        var toolPath = Path.Combine(Work, "installed-tool");
        var tool = Path.Combine(toolPath, "pipelines");
        await _installLock.WaitAsync();
        try
        {
            if (File.Exists(tool)) return tool;
            var install = await Shell.RunAsync("dotnet", ["tool", "install", "Pipelines.Tool", "--tool-path", toolPath, "--add-source", Feed], Work);
            Assert.True(install.ExitCode == 0, install.Output);
            return tool;
        }
        finally
        {
            _installLock.Release();
        }
    }

    private readonly SemaphoreSlim _installLock = new(1, 1);

    /// <summary>The image of a container of a live workload in the sandbox's staging cluster, as kubectl reads it.</summary>
    public async Task<string> LiveImageAsync(string deployment, string container)
    {
        var (exitCode, output) = await Shell.RunAsync("kubectl", ["--kubeconfig", Kubeconfig, "--context", "staging", "-n", "sock-shop", "get", "deployment", deployment,
            "-o", $"jsonpath={{.spec.template.spec.containers[?(@.name==\"{container}\")].image}}"], Work);
        Assert.True(exitCode == 0, output);
        return output.Trim();
    }

    /// <summary>The config repo's newest commit on main, message and trailers.</summary>
    public async Task<string> ConfigHeadMessageAsync()
    {
        var log = await Shell.RunAsync("git", ["--git-dir", Path.Combine(SandboxDirectory, "git", "config.git"), "log", "-1", "--format=%B", "main"], Work);
        return log.Output;
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "busybox"))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

/// <summary>Runs a program with a clean environment plus what a CI host would set; output merged, as a CI log shows it.</summary>
internal static class Shell
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("PIPELINES_", StringComparison.Ordinal)
                     || k.StartsWith("VSTEST", StringComparison.Ordinal) || k is "GITLAB_CI" or "GITHUB_ACTIONS" or "CIRCLECI" or "JENKINS_HOME" or "JENKINS_URL" or "GIT_TOKEN" or "KUBECONFIG" or "DOCKER_HOST").ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
