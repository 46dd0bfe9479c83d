using Pipelines.Diagnostics;
using Pipelines.ConfigRepo;
using Pipelines.Locking;
using Pipelines.Sandbox.Git;
using Pipelines.Targets;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Locking;

/// <summary>The lock branch is kept short: past RestartAfter commits a release starts it again from a new root commit,
/// pushed with a lease, and waiters stay correct across it; a server that refuses that keeps the history, and the lock is
/// still freed. A deadline makes a holder give the lock up.</summary>
public sealed class LockBranchLengthTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-lockbranch-").FullName;
    private readonly List<string> _folders = [];
    private readonly GitDaemon _git;

    public LockBranchLengthTests()
    {
        _git = GitDaemon.Start(_root);
        _git.CreateRepository("config", [("app.yaml", "base\n")]);
    }

    public void Dispose()
    {
        _git.Dispose();
        foreach (var folder in _folders.Append(_root)) Directory.Delete(folder, recursive: true);
    }

    private (GitLock Lock, StringWriter Output) Machine(string user, int restartAfter = 300, CancellationToken stopping = default, TimeSpan? ttl = null)
    {
        var folder = Directory.CreateTempSubdirectory("pipelines-lockbranch-cache-").FullName;
        _folders.Add(folder);
        var output = new StringWriter();
        var log = TextLog.To(TextWriter.Synchronized(output));
        var cache = ObjectCache.Open(folder, RemoteUrl.Parse(_git.Url("config"), "/"), null, log);
        return (new GitLock(cache, "pipelines-lock", new LockOwner($"{user}@test/{Guid.NewGuid():N}", user, "test-host", null), ttl ?? TimeSpan.FromMinutes(2),
            TimeSpan.FromSeconds(60), log) { RestartAfter = restartAfter, Stopping = stopping }, output);
    }

    private string Git(params string[] args) => Pipelines.Tests.ConfigRepo.Fixtures.Git.Run(_root, ["--git-dir", Path.Combine(_root, "config.git"), .. args]).Trim();

    private int Length() => int.Parse(Git("rev-list", "--count", "pipelines-lock"));

    [Fact]
    public async Task Past_restart_after_commits_a_release_starts_the_lock_branch_again_from_a_root_commit()
    {
        var alice = Machine("alice", restartAfter: 5);
        for (var i = 0; i < 8; i++) await (await alice.Lock.AcquireAsync()).DisposeAsync();

        Assert.InRange(Length(), 1, 5);
        Assert.StartsWith("pipelines-lock: free", Git("log", "-1", "--format=%s", "pipelines-lock"));
    }

    [Fact]
    public async Task A_waiter_gets_the_lock_when_the_holder_releases_it_with_a_new_root_commit()
    {
        var alice = Machine("alice", restartAfter: 2);
        var bob = Machine("bob");
        await (await alice.Lock.AcquireAsync()).DisposeAsync(); // two commits: held, free
        var held = await alice.Lock.AcquireAsync();
        var bobAcquires = bob.Lock.AcquireAsync();
        await Eventually(() => bob.Output.ToString().Contains("Waiting for the lock: held by alice"));

        await held.DisposeAsync(); // the branch is long: freed with a root commit
        Assert.Equal("", Git("log", "-1", "--format=%P", "pipelines-lock"));

        await using (await bobAcquires.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.StartsWith("pipelines-lock: held by bob", Git("log", "-1", "--format=%s", "pipelines-lock"));
            Assert.Equal(2, Length()); // bob's lock commit is a child of the new root
        }
    }

    [Fact]
    public async Task A_server_that_refuses_a_restarted_branch_keeps_the_history_and_the_lock_is_freed_all_the_same()
    {
        Git("config", "receive.denyNonFastForwards", "true");
        var alice = Machine("alice", restartAfter: 2);
        await (await alice.Lock.AcquireAsync()).DisposeAsync();
        await (await alice.Lock.AcquireAsync()).DisposeAsync();

        Assert.StartsWith("pipelines-lock: free", Git("log", "-1", "--format=%s", "pipelines-lock"));
        Assert.Equal(4, Length());
        Assert.Contains("The server refused to restart the lock branch pipelines-lock with a new root commit", alice.Output.ToString());
    }

    [Fact]
    public async Task Past_the_deadline_a_holder_stops_renewing_gives_the_lock_up_and_says_so()
    {
        using var deadline = new CancellationTokenSource();
        var alice = Machine("alice", stopping: deadline.Token);
        var bob = Machine("bob");
        var held = await alice.Lock.AcquireAsync();

        await deadline.CancelAsync();
        await Eventually(() => Git("log", "-1", "--format=%s", "pipelines-lock").StartsWith("pipelines-lock: free"));
        // Said once the push is done: a moment after the server shows it.
        await Eventually(() => alice.Output.ToString().Contains("The run passed its --deadline: it stopped renewing the lock"));
        Assert.False(await held.IsStillHeldAsync()); // nothing more is pushed under it
        await using (await bob.Lock.AcquireAsync().WaitAsync(TimeSpan.FromSeconds(30))) { }
        await held.DisposeAsync(); // and the normal release finds nothing left to do
        Assert.DoesNotContain("no longer ours", alice.Output.ToString());
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 1200 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "the condition did not become true within 60 s");
    }
}
