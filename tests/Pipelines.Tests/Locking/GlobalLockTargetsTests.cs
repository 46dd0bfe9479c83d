using Pipelines.Tests.Documents;
using System.Text.Json.Nodes;
using Pipelines.Locking;
using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Locking;

/// <summary>GlobalLockStatus shows who holds the global lock, since when, with which TTL; BreakGlobalLock frees a lock
/// whose holder will not, recording who broke it and why.</summary>
public sealed class GlobalLockTargetsTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();

    public GlobalLockTargetsTests() => _server.CreateRepository("config", SampleConfigRepo.Files(1));

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }

    private Task<(int ExitCode, string Stdout, string Stderr)> Run(params string[] args) =>
        _targets.RunAsync([.. args, "--config-repo", _server.GitUrl("config"), "--no-logo"], new GlobalLockTargets());

    private void PushLockCommit(string message, string date)
    {
        Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", date);
        try
        {
            Git.CommitAndPush(Path.Combine(_server.Root, "config.git"), "pipelines-lock", message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", null);
        }
    }

    private void HeldByGhost()
    {
        var ghost = new LockOwner("ghost@ci-9/4242/abcd", "ghost", "ci-9", "https://ci.example.com/job/42");
        PushLockCommit(new LockCommit(ghost, TimeSpan.FromHours(1)).Format(), "2026-03-01T10:00:00Z");
        PushLockCommit(new LockCommit(ghost, TimeSpan.FromHours(1)).Format("renewed"), "2026-03-01T10:20:00Z");
    }

    [Fact]
    public async Task Status_of_a_held_lock_names_the_holder_since_when_last_renewal_and_ttl()
    {
        HeldByGhost();

        var (exitCode, stdout, stderr) = await Run("GlobalLockStatus");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"The global lock (git branch pipelines-lock of {_server.GitUrl("config")}) is held by ghost on ci-9 (https://ci.example.com/job/42).", stdout);
        Assert.Contains("since        2026-03-01 10:00:00 UTC (the holder's clock)", stdout);
        Assert.Contains("renewed      2026-03-01 10:20:00 UTC", stdout);
        Assert.Contains("TTL          3600s", stdout);
        Assert.Contains("owner        ghost@ci-9/4242/abcd", stdout);

        var json = Schemas.AssertConforms((await Run("GlobalLockStatus", "--output", "json")).Stdout);
        Assert.True((bool)json["held"]!);
        Assert.Equal("ghost", (string?)json["holder"]!["user"]);
        Assert.Equal(3600, (long)json["ttlSeconds"]!);
        Assert.StartsWith("2026-03-01T10:00:00", (string?)json["since"]);
    }

    [Fact]
    public async Task Status_of_a_lock_never_taken_is_free()
    {
        var (exitCode, stdout, _) = await Run("GlobalLockStatus", "--output", "json");
        Assert.Equal(0, exitCode);
        Assert.False((bool)Schemas.AssertConforms(stdout)["held"]!);
    }

    [Fact]
    public async Task Break_frees_a_held_lock_and_records_who_broke_it_why_and_whom_it_was_held_by()
    {
        HeldByGhost();

        var (exitCode, _, stderr) = await Run("BreakGlobalLock", "--reason", "job 42 was killed; its TTL is an hour", "--user", "Carol");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Broke the global lock", stderr);
        Assert.Contains("held by ghost on ci-9 (https://ci.example.com/job/42) since 2026-03-01 10:00:00 UTC", stderr);
        var message = _server.Log("config", "pipelines-lock", "%B");
        Assert.StartsWith("pipelines-lock: free (broken by Carol)", message);
        Assert.Contains("Pipelines-Lock-Broken-Reason: job 42 was killed; its TTL is an hour", message);
        Assert.Contains("Pipelines-Lock-Was-Held-By: ghost on ci-9 (https://ci.example.com/job/42) [ghost@ci-9/4242/abcd]", message);
        Assert.True(LockCommit.Parse(message.Split("pipelines-lock: renewed")[0]).IsFree); // the newest commit alone

        var (_, status, _) = await Run("GlobalLockStatus");
        Assert.Contains("is free.", status);
        Assert.Contains("Last broken by Carol", status);
        Assert.Contains("job 42 was killed; its TTL is an hour (it was held by ghost on ci-9", status);
    }

    [Fact]
    public async Task Breaking_a_free_lock_changes_nothing_and_says_so()
    {
        var ghostGone = new LockOwner("ghost@ci-9/1/x", "ghost", "ci-9", null);
        PushLockCommit(new LockCommit(ghostGone, TimeSpan.FromMinutes(2)).Format(), "2026-03-01T10:00:00Z");
        PushLockCommit(LockCommit.Free.Format(), "2026-03-01T10:01:00Z");
        var before = _server.Log("config", "pipelines-lock", "%H");

        var (exitCode, _, stderr) = await Run("BreakGlobalLock", "--reason", "just in case");

        Assert.Equal(0, exitCode);
        Assert.Contains("is free: nothing to break", stderr);
        Assert.Equal(before, _server.Log("config", "pipelines-lock", "%H"));
    }

    [Fact]
    public async Task Break_needs_a_reason_and_the_git_lock()
    {
        HeldByGhost();
        var (exitCode, _, stderr) = await Run("BreakGlobalLock");
        Assert.Equal(2, exitCode);
        Assert.Contains("BreakGlobalLock requires --reason", stderr);

        (exitCode, _, stderr) = await Run("BreakGlobalLock", "--reason", "x", "--lock", "file");
        Assert.Equal(2, exitCode);
        Assert.Contains("BreakGlobalLock administers the git lock (--lock git); with --lock file there is no lock branch.", stderr);
        Assert.StartsWith("pipelines-lock: renewed by ghost", _server.Log("config", "pipelines-lock"));
    }
}
