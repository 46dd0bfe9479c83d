using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>A fetch or push failed for a reason other than "the remote moved": unreachable, refused
/// credentials, no such repository. The message names the remote (never its credentials) and what to check.</summary>
public sealed class GitRemoteException(RemoteUrl remote, string operation, LibGit2SharpException inner)
    : Exception($"git {operation} of {remote.Display} failed: {inner.Message.TrimEnd('.')}. {Advice(remote, inner.Message)}", inner)
{
    private static string Advice(RemoteUrl remote, string message) =>
        // libgit2 runs OpenSSH and sees only that it ended early, whatever the reason (key, host key, path).
        remote.Kind == RemoteKind.Ssh
            ? "ssh runs the machine's OpenSSH: check the key it offers (ssh-agent, ~/.ssh/config, or GIT_SSH_COMMAND=\"ssh -i <key>\"), " +
              "that the host is in known_hosts, and the repository path; `ssh -T <user@host>` shows what OpenSSH says."
            : message.Contains("401", StringComparison.Ordinal) || message.Contains("auth", StringComparison.OrdinalIgnoreCase) || message.Contains("403", StringComparison.Ordinal)
            ? "Check --git-username/--git-password or GIT_TOKEN."
            : message.Contains("not found", StringComparison.OrdinalIgnoreCase) || message.Contains("404", StringComparison.Ordinal)
                ? "Check the repository path in --config-repo."
                : "Check that the server is reachable and --config-repo is right.";
}
