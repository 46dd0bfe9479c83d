using Pipelines.Sandbox.Local;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Sandbox;

/// <summary>The README's first command, end to end: the sandbox and the V1 → V3 story, every step checked by the demo itself.</summary>
public sealed class DemoTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-demo-root-").FullName;
    private readonly string _sandbox;

    public DemoTests()
    {
        _sandbox = Path.Combine(_root, "sb");
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        foreach (var folder in new[] { "manifests-example", Path.Combine("examples", "app") })
        {
            CopyFolder(Path.Combine(BuiltCli.RepositoryRoot, folder), Path.Combine(_root, folder));
        }
    }

    public void Dispose()
    {
        LocalSandbox.StopAsync(_sandbox, Targets.Log.To(TextWriter.Null)).GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task The_demo_runs_every_step_and_says_so()
    {
        using var process = BuiltCli.Start(_root, ["Demo", "--sandbox-dir", _sandbox]);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        var summary = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal(9, summary.Length);
        Assert.All(summary, line => Assert.StartsWith("✓", line));
        Assert.Contains(summary, line => line.Contains("V3  Roll back a release", StringComparison.Ordinal));
        Assert.Contains("$ ./build.sh BuildImage PushImage SetImage", await stderr);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "busybox"))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (file.EndsWith(".sh", StringComparison.Ordinal) && !OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
