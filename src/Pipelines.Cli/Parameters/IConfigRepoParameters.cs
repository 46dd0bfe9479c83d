using Pipelines.ConfigRepo;
using Pipelines.Locking;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// The config repo, how git reaches it, who commits to it, and the global lock that serialises its changes: what every
/// target that reads or writes the config repo needs (<see cref="ProductTargetSet"/> opens the config repo and the lock
/// from them, and checks that the lock's branch is not a branch releases push to).
/// </summary>
public interface IConfigRepoParameters : IParameterComponent
{
    [Parameter("The config repo: a path, file://, git://, http(s)://, ssh:// or user@host:path.", Common = true)]
    string? ConfigRepo => this.Value<string?>();

    [Parameter("The config repo's branch."), BranchName]
    string ConfigBranch => this.Value("main");

    [Parameter("Push commits to this branch instead of --config-branch (for branches protected by merge requests); an existing one is built on."), BranchName]
    string? PushBranch => this.Value<string?>();

    [Parameter("User name for an http(s) config repo (default with a token: x-access-token).")]
    string? GitUsername => this.Value<string?>();

    [Parameter("Password for an http(s) config repo."), Secret]
    string? GitPassword => this.Value<string?>();

    [Parameter("Token for an http(s) config repo, sent as the password.", EnvironmentVariables = ["GIT_TOKEN"]), Secret]
    string? GitToken => this.Value<string?>();

    [Parameter("How long a git server may take to accept a connection, and to answer each read or write of a fetch, push or ls-remote " +
        "(git://, http(s)://; over ssh: OpenSSH's ConnectTimeout and ServerAliveInterval); 1s to 10m."), ValueRange("1s", "10m")]
    TimeSpan GitTimeout => this.Value(GitTimeouts.Default);

    [Parameter("How many times to re-apply a change when the config branch moved before the push (1 to 100)."), ValueRange("1", "100")]
    int PushAttempts => this.Value(10);

    [Parameter("Who the change is by, as 'Name <email>' or a name (default: the CI job, else $USER).")]
    string? User => this.Value<string?>();

    // ReleaseTargets has a target named Lock too: the target is a property of its class, this one the interface's, so neither hides the other.
    [Parameter("How releases are serialised: git (a lock branch in the config repo), lease (a Kubernetes Lease), file (one host) or none.")]
    LockKind Lock => this.Value(LockKind.Git);

    [Parameter("How long to wait for the lock before giving up (1s to 24h)."), ValueRange("1s", "24h")]
    TimeSpan LockTimeout => this.Value(TimeSpan.FromMinutes(10));

    [Parameter("A held lock unrenewed for this long is taken over (holders renew every third of it); 5s to 1h.")]
    [ValueRange("5s", "1h")]
    TimeSpan LockTtl => this.Value(TimeSpan.FromMinutes(2));

    [Parameter("The branch of the config repo that holds the git lock (with --lock lease: the Lease's name).")]
    string LockBranch => this.Value("pipelines-lock");

    [Parameter("The namespace of the Lease of --lock lease (its name is --lock-branch's value).")]
    string LockNamespace => this.Value("default");

    [Parameter("The file of --lock file (default: <settings>/temp/pipelines.lock).")]
    string? LockFile => this.Value<string?>();
}
