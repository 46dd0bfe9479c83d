using System.Diagnostics;

namespace Pipelines.Sandbox.Kube.Tools;

/// <summary>
/// The real kubectl of a version (1.27 to 1.33, default 1.33) on this machine: kubectl.&lt;version&gt; beside the file the
/// kubectl on PATH resolves to.
/// Runs it with a given kubeconfig and its own cache folder, and returns exit code and output.
/// </summary>
public sealed class Kubectl(string kubeconfig, string cacheDir, string version = "1.33")
{
    /// <summary>The kubectl versions on this machine, each a kubectl.&lt;version&gt; beside the kubectl on PATH.</summary>
    public static readonly string[] Versions = ["1.27", "1.28", "1.29", "1.30", "1.31", "1.32", "1.33"];

    public static string Locate() => Locate("1.33");

    public static string Locate(string version)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("kubectl is not on PATH; Pipelines.Sandbox needs the kubectl of the machine (with kubectl.1.33 beside it)");
        var real = new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
        var kubectl = Path.Combine(Path.GetDirectoryName(real)!, $"kubectl.{version}");
        return File.Exists(kubectl)
            ? kubectl
            : throw new InvalidOperationException($"{kubectl} does not exist; `readlink -f $(command -v kubectl)` names {real}, and Pipelines.Sandbox needs kubectl.{version} beside it");
    }

    private readonly string executable = Locate(version);

    public Task<(int ExitCode, string Output)> Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    /// <summary>Runs kubectl with extra environment variables (KUBE_EDITOR for kubectl edit, for instance).</summary>
    public async Task<(int ExitCode, string Output)> Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--kubeconfig=" + kubeconfig);
        start.ArgumentList.Add("--cache-dir=" + cacheDir);
        start.Environment["HOME"] = Path.GetDirectoryName(cacheDir)!;
        start.Environment.Remove("KUBECONFIG");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
