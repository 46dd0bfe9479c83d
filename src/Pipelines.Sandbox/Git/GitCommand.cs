using System.Diagnostics;

namespace Pipelines.Sandbox.Git;

/// <summary>The git command line, for seeding and inspecting repositories independently of the product's own git code.</summary>
public static class GitCommand
{
    public static string Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static string Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Pipelines sandbox";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "sandbox@pipelines";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }

    /// <summary>Clones <paramref name="remote"/>, writes the files, commits and pushes to <paramref name="branch"/>
    /// (creating it, without history, when it does not exist).</summary>
    public static void CommitAndPush(string remote, string branch, string message, IReadOnlyList<(string Path, string Content)> files,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var clone = Directory.CreateTempSubdirectory("pipelines-git-").FullName;
        try
        {
            Run(clone, environment, "clone", "-q", remote, ".");
            var exists = Run(clone, environment, "ls-remote", "--heads", "origin", branch).Length > 0;
            if (exists) Run(clone, environment, "checkout", "-q", branch);
            else Run(clone, environment, "checkout", "-q", "--orphan", branch);
            foreach (var (path, content) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(clone, path))!);
                File.WriteAllText(Path.Combine(clone, path), content);
                Run(clone, environment, "add", path);
            }
            Run(clone, environment, "commit", "-q", "--allow-empty", "-m", message);
            Run(clone, environment, "push", "-q", "origin", $"HEAD:refs/heads/{branch}");
        }
        finally
        {
            Directory.Delete(clone, recursive: true);
        }
    }
}
