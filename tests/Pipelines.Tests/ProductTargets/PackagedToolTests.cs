using System.Diagnostics;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ProductTargets;

/// <summary>
/// The packaged `pipelines` tool, as a microservice repository's CI job uses it: packed, installed from a
/// local feed with `dotnet tool install --tool-path`, run with its settings in .pipelines/ — never .nuke/.
/// </summary>
public sealed class PackagedToolTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("pipelines-tool-").FullName;
    private readonly GitServer _server = new();

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("PIPELINES_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Installed_tool_runs_the_product_targets_with_settings_in_dot_pipelines()
    {
        var feed = Path.Combine(_work, "feed");
        var pack = Run("dotnet", BuiltCli.RepositoryRoot, "pack", Path.Combine(BuiltCli.RepositoryRoot, "src", "Pipelines.Tool"), "-c", "Release", "-nologo", "-o", feed);
        Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        var tools = Path.Combine(_work, "tools");
        var install = Run("dotnet", _work, "tool", "install", "Pipelines.Tool", "--tool-path", tools, "--add-source", feed, "--ignore-failed-sources");
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);
        var pipelines = Path.Combine(tools, "pipelines");

        // A microservice repository: its own code, a Nuke build's .nuke/ that must stay untouched, and .pipelines/.
        _server.CreateRepository("config", SampleConfigRepo.Files(2));
        var service = Path.Combine(_work, "service-1");
        Directory.CreateDirectory(Path.Combine(service, ".nuke"));
        Directory.CreateDirectory(Path.Combine(service, ".pipelines"));
        Directory.CreateDirectory(Path.Combine(service, "src"));
        File.WriteAllText(Path.Combine(service, ".nuke", "parameters.json"), """{ "Unrelated": "nuke" }""");
        File.WriteAllText(Path.Combine(service, ".pipelines", "parameters.json"), $$"""{ "ConfigRepo": "{{_server.GitUrl("config")}}", "Environment": "staging" }""");

        var help = Run(pipelines, Path.Combine(service, "src"), "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("UpdateConfigRepo", help.Stdout);
        Assert.DoesNotContain("Compile", help.Stdout);

        var update = Run(pipelines, Path.Combine(service, "src"), "UpdateConfigRepo", "--service", "service-1", "--image", SampleConfigRepo.Pinned("registry.example.com/service-1:9.9.9"), "--apply", "false", "--output", "json");
        Assert.True(update.ExitCode == 0, update.Stderr);
        Assert.Contains("\"pushed\": true", update.Stdout);
        Assert.Contains("registry.example.com/service-1:9.9.9", _server.Show("config", "environments/staging/service-1.yaml"));

        Assert.True(File.Exists(Path.Combine(service, ".pipelines", "build.schema.json")));
        Assert.True(Directory.Exists(Path.Combine(service, ".pipelines", "temp", "config-repos")));
        Assert.Equal(["parameters.json"], Directory.GetFileSystemEntries(Path.Combine(service, ".nuke")).Select(Path.GetFileName));
        Assert.Equal("""{ "Unrelated": "nuke" }""", File.ReadAllText(Path.Combine(service, ".nuke", "parameters.json")));
    }
}
