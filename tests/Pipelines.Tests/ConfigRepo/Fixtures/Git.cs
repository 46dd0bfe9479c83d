using Pipelines.Sandbox.Git;

namespace Pipelines.Tests.ConfigRepo.Fixtures;

/// <summary>The real git command line, to set up and inspect repositories independently of the code under test.</summary>
internal static class Git
{
    public static string Run(string workingDirectory, params string[] args) => GitCommand.Run(workingDirectory, args);

    public static void CommitAndPush(string remote, string branch, string message, params (string Path, string Content)[] files) =>
        GitCommand.CommitAndPush(remote, branch, message, files, CommitterDate());

    // Lets a test play a holder whose clock is wrong.
    private static IReadOnlyDictionary<string, string>? CommitterDate() =>
        Environment.GetEnvironmentVariable("GIT_COMMITTER_DATE") is { } date ? new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = date } : null;
}
