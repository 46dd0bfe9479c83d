using LibGit2Sharp;
using Pipelines.Faults;

namespace Pipelines.ConfigRepo;

/// <summary>A fetch or push failed for a reason other than "the remote moved": unreachable, refused
/// credentials, no such repository. The message names the remote (never its credentials) and what to check.</summary>
/// <param name="outcome">What the failure left on the server, when known (a push: "Nothing was pushed: …").</param>
internal sealed class GitRemoteException(RemoteUrl remote, string operation, LibGit2SharpException inner, string? outcome = null)
    : Exception($"git {operation} of {remote.Display} failed: {inner.Message.TrimEnd('.')}. {(outcome is null ? "" : outcome + " ")}{Advice(remote, inner.Message)}", inner), IFault
{
    FaultKind IFault.Kind => FaultKind.Unavailable;

    /// <summary>The same failure, with what it left on the server said.</summary>
    public GitRemoteException With(string outcome) => new(remote, operation, (LibGit2SharpException)InnerException!, outcome);

    /// <summary>Whether asking again may succeed (the server was unreachable, slow or restarting), as opposed to an answer
    /// that will not change by itself: credentials refused, no such repository.</summary>
    public bool IsTransient { get; } = !IsAuthentication(inner.Message) && !IsNotFound(inner.Message);

    private static string Advice(RemoteUrl remote, string message) =>
        // libgit2 runs OpenSSH and sees only that it ended early, whatever the reason (key, host key, path).
        remote.Kind == RemoteKind.Ssh
            ? "ssh runs the machine's OpenSSH: check the key it offers (ssh-agent, ~/.ssh/config, or GIT_SSH_COMMAND=\"ssh -i <key>\"), " +
              "that the host is in known_hosts, and the repository path; `ssh -T <user@host>` shows what OpenSSH says."
            : IsAuthentication(message)
            ? "Check --git-username/--git-password or GIT_TOKEN."
            : IsNotFound(message)
                ? "Check the repository path in --config-repo."
                : IsTimeout(message)
                    ? "The server accepted the connection but did not answer within --git-timeout: check that it is up and not overloaded, or raise --git-timeout."
                    : "Check that the server is reachable and --config-repo is right.";

    private static bool IsAuthentication(string message) =>
        message.Contains("401", StringComparison.Ordinal) || message.Contains("auth", StringComparison.OrdinalIgnoreCase) || message.Contains("403", StringComparison.Ordinal);

    private static bool IsNotFound(string message) =>
        message.Contains("not found", StringComparison.OrdinalIgnoreCase) || message.Contains("404", StringComparison.Ordinal)
        || message.Contains("does not appear to be a git repository", StringComparison.OrdinalIgnoreCase);

    private static bool IsTimeout(string message) => message.Contains("timed out", StringComparison.OrdinalIgnoreCase);
}
