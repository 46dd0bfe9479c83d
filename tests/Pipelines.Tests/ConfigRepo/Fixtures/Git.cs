using System.Diagnostics;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>The real git command line, used by tests to set up and inspect repositories independently of the code under test.</summary>
internal static class Git
{
    public static string Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }

    /// <summary>Clones <paramref name="remote"/>, writes the files, commits and pushes: another CI job, in effect.</summary>
    public static void CommitAndPush(string remote, string branch, string message, params (string Path, string Content)[] files)
    {
        var clone = Directory.CreateTempSubdirectory("pipelines-git-").FullName;
        try
        {
            Run(clone, "clone", "-q", remote, ".");
            var exists = Run(clone, "ls-remote", "--heads", "origin", branch).Length > 0;
            if (exists) Run(clone, "checkout", "-q", branch);
            else Run(clone, "checkout", "-q", "--orphan", branch);
            foreach (var (path, content) in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(clone, path))!);
                File.WriteAllText(Path.Combine(clone, path), content);
                Run(clone, "add", path);
            }
            Run(clone, "commit", "-q", "--allow-empty", "-m", message);
            Run(clone, "push", "-q", "origin", $"HEAD:refs/heads/{branch}");
        }
        finally
        {
            Directory.Delete(clone, recursive: true);
        }
    }
}
