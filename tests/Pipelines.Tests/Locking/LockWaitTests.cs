using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Files;
using Pipelines.Locking;
using Pipelines.Sandbox.Git;
using Pipelines.Targets;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Locking;

/// <summary>Waiting for the git lock survives what happens while one waits: a git server that blinks, a job ahead in this
/// machine's queue that is stuck, a holder that claims an absurd TTL.</summary>
public sealed class LockWaitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-lockwait-").FullName;
    private readonly List<string> _folders = [];
    private GitDaemon _git;

    public LockWaitTests()
    {
        _git = GitDaemon.Start(_root);
        _git.CreateRepository("config", [("app.yaml", "base\n")]);
    }

    public void Dispose()
    {
        _git.Dispose();
        foreach (var folder in _folders.Append(_root)) Directory.Delete(folder, recursive: true);
    }

    private (IGlobalLock Lock, StringWriter Output) Machine(string user, TimeSpan? ttl = null, string? machineQueue = null)
    {
        var folder = Directory.CreateTempSubdirectory("pipelines-lockwait-cache-").FullName;
        _folders.Add(folder);
        var output = new StringWriter();
        var log = TextLog.To(TextWriter.Synchronized(output));
        var cache = ObjectCache.Open(folder, RemoteUrl.Parse(_git.Url("config"), "/"), null, log);
        var owner = new LockOwner($"{user}@test/{Guid.NewGuid():N}", user, "test-host", null);
        var gitLock = new GitLock(cache, "pipelines-lock", owner, ttl ?? TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(90), log);
        return (machineQueue is null ? gitLock : new MachineQueuedLock(gitLock, machineQueue, TimeSpan.FromSeconds(90), log), output);
    }

    private string Queue()
    {
        var folder = Directory.CreateTempSubdirectory("pipelines-lockwait-queue-").FullName;
        _folders.Add(folder);
        return Path.Combine(folder, "git.queue");
    }

    private string LockLog() => Git.Run(_root, "--git-dir", Path.Combine(_root, "config.git"), "log", "--format=%s", "pipelines-lock");

    private void PushLockCommitBy(string user, TimeSpan ttl) =>
        Git.CommitAndPush(Path.Combine(_root, "config.git"), "pipelines-lock", new LockCommit(new LockOwner($"{user}@elsewhere/1/x", user, "elsewhere", null), ttl).Format());

    [Fact]
    public async Task A_waiter_asks_again_through_a_git_server_blip_and_gets_the_lock_when_it_is_freed()
    {
        var alice = Machine("alice");
        var bob = Machine("bob");
        var aliceHandle = await alice.Lock.AcquireAsync();
        var bobAcquires = bob.Lock.AcquireAsync();
        await Eventually(() => bob.Output.ToString().Contains("Waiting for the lock: held by alice"));

        var port = _git.Port;
        _git.Dispose(); // the server goes away for a few seconds
        await Eventually(() => bob.Output.ToString().Contains("Could not ask the server about the lock"));
        await Task.Delay(TimeSpan.FromSeconds(2));
        _git = GitDaemon.Start(_root, port);
        Assert.False(bobAcquires.IsCompleted);
        await aliceHandle.DisposeAsync();

        await using (await bobAcquires.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.StartsWith("pipelines-lock: held by bob", LockLog());
        }
    }

    [Fact]
    public async Task A_job_queued_on_this_machine_takes_over_a_lock_the_job_ahead_left_unrenewed_for_its_ttl()
    {
        var queue = Queue();
        PushLockCommitBy("stuck", TimeSpan.FromSeconds(5)); // the job ahead, which holds the queue, stopped renewing
        using var stuckInQueue = await FileMutex.AcquireAsync(queue, TimeSpan.Zero);
        var bob = Machine("bob", ttl: TimeSpan.FromSeconds(5), machineQueue: queue);

        await using (await bob.Lock.AcquireAsync().WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.StartsWith("pipelines-lock: held by bob", LockLog());
        }
        Assert.Contains("Queued behind another job on this machine", bob.Output.ToString());
        Assert.Contains("The lock, held by stuck on elsewhere, stayed unchanged for its whole TTL of 5s while this job was queued on this machine", bob.Output.ToString());
        Assert.Contains("Taking over the lock from stuck on elsewhere", bob.Output.ToString());
    }

    [Fact]
    public async Task A_job_queued_on_this_machine_takes_a_lock_left_free_for_a_ttl_by_a_job_ahead_that_is_stuck()
    {
        var queue = Queue();
        using var stuckInQueue = await FileMutex.AcquireAsync(queue, TimeSpan.Zero);
        var bob = Machine("bob", ttl: TimeSpan.FromSeconds(5), machineQueue: queue);

        await using (await bob.Lock.AcquireAsync().WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.StartsWith("pipelines-lock: held by bob", LockLog());
        }
        Assert.Contains("The lock stayed free for 5s while the job ahead of this one on this machine held its place in the queue", bob.Output.ToString());
    }

    [Fact]
    public async Task A_queued_job_keeps_waiting_while_the_holder_renews()
    {
        var queue = Queue();
        // A TTL well above a loaded machine's scheduling delays: with 5 s, one renewal late by 5 s on a busy CI runner
        // let the waiter take over and failed the test for a reason that is not the product's.
        var ttl = TimeSpan.FromSeconds(12);
        var alice = Machine("alice", ttl: ttl, machineQueue: queue);
        var bob = Machine("bob", ttl: ttl, machineQueue: queue);
        var aliceHandle = await alice.Lock.AcquireAsync();
        var bobAcquires = bob.Lock.AcquireAsync();

        // Counted, not timed: four renewals, a third of the TTL apart, span more than a whole TTL, so a waiter that did
        // not see the renewals would have taken over by now.
        await Eventually(() => LockLog().Split('\n').Count(line => line.StartsWith("pipelines-lock: renewed by alice")) >= 4, seconds: 120);
        Assert.False(bobAcquires.IsCompleted, bob.Output.ToString());
        await aliceHandle.DisposeAsync();
        await using (await bobAcquires.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.DoesNotContain("without the queue", bob.Output.ToString());
        }
    }

    [Fact]
    public void A_ttl_beyond_an_hour_written_by_an_older_version_is_read_as_an_hour()
    {
        var owner = new LockOwner("old@x/1/y", "old", "x", null);
        Assert.Equal(TimeSpan.FromHours(1), LockCommit.Parse(new LockCommit(owner, TimeSpan.FromHours(1000)).Format()).Ttl);
        Assert.Equal(TimeSpan.FromMinutes(30), LockCommit.Parse(new LockCommit(owner, TimeSpan.FromMinutes(30)).Format()).Ttl);
    }

    private static async Task Eventually(Func<bool> condition, int seconds = 60)
    {
        for (var i = 0; i < seconds * 20 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), $"the condition did not become true within {seconds} s");
    }
}
