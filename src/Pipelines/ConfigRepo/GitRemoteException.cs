using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>A fetch or push failed for a reason other than "the remote moved": unreachable, refused
/// credentials, no such repository. The message names the remote (never its credentials) and what to check.</summary>
public sealed class GitRemoteException(RemoteUrl remote, string operation, LibGit2SharpException inner)
    : Exception($"git {operation} of {remote.Display} failed: {inner.Message.TrimEnd('.')}. {Advice(inner.Message)}", inner)
{
    private static string Advice(string message) =>
        message.Contains("401", StringComparison.Ordinal) || message.Contains("auth", StringComparison.OrdinalIgnoreCase) || message.Contains("403", StringComparison.Ordinal)
            ? "Check --git-username/--git-password or GIT_TOKEN."
            : message.Contains("not found", StringComparison.OrdinalIgnoreCase) || message.Contains("404", StringComparison.Ordinal)
                ? "Check the repository path in --config-repo."
                : "Check that the server is reachable and --config-repo is right.";
}
