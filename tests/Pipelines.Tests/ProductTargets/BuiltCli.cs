using System.Diagnostics;

namespace Pipelines.Tests.ProductTargets;

/// <summary>
/// This repository's compiled build (what `./build.sh` runs), started as separate OS processes the way CI
/// jobs on one machine start it. `./build.sh --help` compiles it first when sources changed.
/// </summary>
internal static class BuiltCli
{
    private static readonly Lazy<string> Dll = new(Prepare);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <param name="environment">Variables to set (or, with a null value, remove) for this job only.</param>
    public static Process Start(string root, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        start.ArgumentList.Add(Dll.Value);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.ArgumentList.Add("--root");
        start.ArgumentList.Add(root);
        start.ArgumentList.Add("--no-logo");
        Scrub(start);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    private static string Prepare()
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot, "build.sh"));
        start.ArgumentList.Add("--help");
        Scrub(start);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("./build.sh --help failed: " + error.Result);
        return Path.Combine(RepositoryRoot, ".nuke", "temp", "build-bin", "_build.dll");
    }

    // The test host's MSBuild variables and any CI or PIPELINES_ settings must not leak into the jobs.
    private static void Scrub(ProcessStartInfo start)
    {
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("PIPELINES_", StringComparison.Ordinal) || k.StartsWith("VSTEST", StringComparison.Ordinal)
                     || k is "GITLAB_CI" or "GITHUB_ACTIONS" or "CIRCLECI" or "JENKINS_HOME" or "JENKINS_URL" or "GIT_TOKEN").ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["NO_COLOR"] = "1";
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "build.sh")) && File.Exists(Path.Combine(directory.FullName, "Pipelines.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("The repository root is not above " + AppContext.BaseDirectory);
    }
}
