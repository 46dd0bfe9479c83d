using Pipelines.Diagnostics;
using Pipelines.ConfigRepo;
using Pipelines.Locking;
using Pipelines.Targets;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Locking;

public sealed class GitLockTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly List<string> _folders = [];

    public GitLockTests() => _server.CreateRepository("config", ("app.yaml", "base\n"));

    public void Dispose()
    {
        foreach (var folder in _folders) Directory.Delete(folder, recursive: true);
        _server.Dispose();
    }

    /// <summary>A lock as one CI machine sees it: its own cache folder and log.</summary>
    private (IGlobalLock Lock, StringWriter Output, ObjectCache Cache) Machine(string user, TimeSpan? ttl = null, TimeSpan? timeout = null, string? machineQueue = null)
    {
        var folder = Directory.CreateTempSubdirectory("pipelines-lock-").FullName;
        _folders.Add(folder);
        var output = new StringWriter();
        var log = TextLog.To(TextWriter.Synchronized(output));
        var cache = ObjectCache.Open(folder, RemoteUrl.Parse(_server.GitUrl("config"), "/"), null, log);
        var owner = new LockOwner($"{user}@test/{Guid.NewGuid():N}", user, "test-host", $"https://ci/{user}");
        return (Queued(new GitLock(cache, "pipelines-lock", owner, ttl ?? TimeSpan.FromMinutes(2), timeout ?? TimeSpan.FromSeconds(60), log),
            machineQueue, timeout ?? TimeSpan.FromSeconds(60), log), output, cache);
    }

    /// <summary>The git lock as the targets make it: kept in the config repo's own cache, queued for on this machine.</summary>
    private static IGlobalLock LockIn(ConfigRepository repository, ILog log, string user = "alice", string? machineQueue = null) =>
        Queued(new GitLock(repository.Cache, "pipelines-lock", new LockOwner($"{user}@test/{Guid.NewGuid():N}", user, "test-host", $"https://ci/{user}"),
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(60), log), machineQueue, TimeSpan.FromSeconds(60), log);

    private static IGlobalLock Queued(GitLock gitLock, string? machineQueue, TimeSpan timeout, ILog log) =>
        machineQueue is null ? gitLock : new MachineQueuedLock(gitLock, machineQueue, timeout, log);

    private string LockLog() => _server.Log("config", "pipelines-lock");

    private void PushLockCommitBy(string user, TimeSpan ttl, string committerDate = "2099-01-01T00:00:00Z")
    {
        var message = new LockCommit(new LockOwner($"{user}@elsewhere/1/x", user, "elsewhere", null), ttl).Format();
        Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", committerDate); // a holder whose clock is wrong
        try
        {
            Git.CommitAndPush(Path.Combine(_server.Root, "config.git"), "pipelines-lock", message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_COMMITTER_DATE", null);
        }
    }

    [Fact]
    public async Task First_acquire_creates_the_lock_branch_and_release_frees_it()
    {
        var (gitLock, output, _) = Machine("alice");
        await using (await gitLock.AcquireAsync())
        {
            Assert.StartsWith("pipelines-lock: held by alice on test-host", LockLog());
        }
        Assert.StartsWith("pipelines-lock: free", LockLog());
        Assert.Contains("Lock taken", output.ToString());
        Assert.Contains("Lock released", output.ToString());
    }

    [Fact]
    public async Task A_second_machine_waits_naming_the_holder_then_gets_the_lock()
    {
        var alice = Machine("alice");
        var bob = Machine("bob");
        var aliceHandle = await alice.Lock.AcquireAsync();
        var bobAcquires = bob.Lock.AcquireAsync();

        await Eventually(() => bob.Output.ToString().Contains("Waiting for the lock: held by alice on test-host (https://ci/alice)") || bobAcquires.IsCompleted);
        Assert.False(bobAcquires.IsCompleted);
        await aliceHandle.DisposeAsync();

        await using (await bobAcquires)
        {
            Assert.StartsWith("pipelines-lock: held by bob", LockLog());
        }
    }

    [Fact]
    public async Task Jobs_on_one_machine_queue_locally_and_the_next_gets_the_lock_when_the_first_releases_it()
    {
        var queue = Path.Combine(Directory.CreateTempSubdirectory("pipelines-queue-").FullName, "git.queue");
        _folders.Add(Path.GetDirectoryName(queue)!);
        var alice = Machine("alice", machineQueue: queue);
        var bob = Machine("bob", machineQueue: queue);
        var aliceHandle = await alice.Lock.AcquireAsync();
        var bobAcquires = bob.Lock.AcquireAsync();

        await Eventually(() => bob.Output.ToString().Contains("Queued behind another job on this machine") || bobAcquires.IsCompleted);
        Assert.False(bobAcquires.IsCompleted);
        await aliceHandle.DisposeAsync();

        await using (await bobAcquires)
        {
            // Alice saw bob waiting: she pushed the lock held for him, so he took it without a push; his first renewal names him.
            Assert.Contains("handed over by the previous job on this machine", bob.Output.ToString());
            Assert.Contains("Lock handed over to the next job queued on this machine.", alice.Output.ToString());
            await Eventually(() => LockLog().StartsWith("pipelines-lock: renewed by bob on test-host"));
        }
        Assert.Equal(["free", "renewed by bob", "held by the next job queued", "held by alice"],
            LockLog().Split('\n').Take(4).Select(line => line.Split(" on ")[0].Replace("pipelines-lock: ", "")));
    }

    [Fact]
    public async Task A_lock_handed_over_with_another_ttl_is_taken_with_a_lock_commit_of_ones_own()
    {
        var queue = Path.Combine(Directory.CreateTempSubdirectory("pipelines-queue-").FullName, "git.queue");
        _folders.Add(Path.GetDirectoryName(queue)!);
        var alice = Machine("alice", ttl: TimeSpan.FromSeconds(30), machineQueue: queue);
        var bob = Machine("bob", machineQueue: queue); // the default TTL: 2 minutes
        var aliceHandle = await alice.Lock.AcquireAsync();
        var bobAcquires = bob.Lock.AcquireAsync();
        await Eventually(() => bob.Output.ToString().Contains("Queued behind another job on this machine"));
        await aliceHandle.DisposeAsync(); // held for bob, with alice's TTL

        await using (await bobAcquires)
        {
            // Waiters elsewhere go by the TTL in the held commit, not bob's: bob pushes his own at once.
            Assert.Contains("handed over by the previous job on this machine", bob.Output.ToString());
            Assert.StartsWith("pipelines-lock: held by bob on test-host", LockLog());
        }
        Assert.Equal(["free", "held by bob", "held by the next job queued", "held by alice"],
            LockLog().Split('\n').Take(4).Select(line => line.Split(" on ")[0].Replace("pipelines-lock: ", "")));
    }

    [Fact]
    public async Task A_cache_copies_the_commits_another_workspace_pushed_without_asking_the_server()
    {
        var alice = Machine("alice");
        await (await alice.Lock.AcquireAsync()).DisposeAsync(); // alice's cache pushed the lock's commits
        var folder = Directory.CreateTempSubdirectory("pipelines-lock-").FullName;
        _folders.Add(folder);
        // A remote nothing answers on: whatever arrives comes from alice's files.
        using var unreachable = ObjectCache.Open(folder, RemoteUrl.Parse("git://127.0.0.1:9/config.git", "/"), null, TextLog.To(TextWriter.Null));
        var lockHead = _server.Log("config", "pipelines-lock", "%H").Split('\n')[0];

        var (copied, has, refs) = await unreachable.WithRepositoryAsync(repository =>
            (NeighbourCache.CopyInto(repository, alice.Cache.BarePath), LibGit2Sharp.RepositoryExtensions.Lookup<LibGit2Sharp.Commit>(repository, lockHead) is not null,
             repository.Refs.Select(r => r.CanonicalName).ToList()));

        Assert.True(copied);
        Assert.True(has);
        Assert.DoesNotContain(refs, r => r.StartsWith("refs/pipelines/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_queued_behind_an_update_gets_the_lock_with_the_push_that_delivered_it()
    {
        var queue = Path.Combine(Directory.CreateTempSubdirectory("pipelines-queue-").FullName, "git.queue");
        _folders.Add(Path.GetDirectoryName(queue)!);
        var harness = new ConfigRepoHarness();
        _folders.Add(harness.CacheRoot);
        var alice = harness.Repository(_server.GitUrl("config"));
        var bob = harness.Repository(_server.GitUrl("config"));  // another process sharing the workspace's cache
        var aliceHolds = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bobQueued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Alice's edit under the lock (the second look; the first decides whether to lock at all) waits until bob is
        // queued behind her, so her push finds him waiting.
        var looks = 0;
        var bobWasQueued = false;
        // On the thread pool: her edit blocks its thread until bob is queued, which must not be the test's own context.
        var aliceUpdates = Task.Run(() => alice.UpdateAsync(snapshot =>
        {
            if (++looks == 2)
            {
                aliceHolds.TrySetResult();
                bobWasQueued = bobQueued.Task.Wait(TimeSpan.FromSeconds(30));
            }
            return ConfigRepoHarness.AppendLine("app.yaml", "alice's")(snapshot);
        }, LockIn(alice, harness.Log, "alice", queue)));
        await aliceHolds.Task;
        var bobUpdates = bob.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "bob's"), LockIn(bob, harness.Log, "bob", queue));
        await Eventually(() => harness.Output.ToString().Contains("Queued behind another job on this machine"));
        bobQueued.SetResult();

        await Task.WhenAll(aliceUpdates, bobUpdates);

        Assert.True(bobWasQueued, harness.Output.ToString());
        Assert.Equal("base\nalice's\nbob's\n", _server.Show("config", "app.yaml"));
        Assert.Contains("Lock handed over to the next job queued on this machine (in the same push as the change).", harness.Output.ToString());
        var log = LockLog().Split('\n').Select(line => line.Split(" on ")[0].Replace("pipelines-lock: ", "")).ToList();
        Assert.Equal("free", log[0]);
        Assert.DoesNotContain("held by bob", log); // bob pushed no lock commit of his own to take it
        Assert.Equal(["held by the next job queued", "held by alice"], log.SkipWhile(l => l != "held by the next job queued").Take(2));
    }

    [Fact]
    public async Task Lock_of_a_killed_holder_is_taken_over_after_its_ttl_by_the_waiters_own_clock()
    {
        PushLockCommitBy("ghost", TimeSpan.FromSeconds(1)); // held, never renewed, dated in the future
        var (gitLock, output, _) = Machine("bob");

        await using (await gitLock.AcquireAsync())
        {
            Assert.StartsWith("pipelines-lock: held by bob", LockLog());
        }
        Assert.Contains("Taking over the lock from ghost on elsewhere", output.ToString());
    }

    [Fact]
    public async Task Timeout_names_the_holder_and_what_to_do()
    {
        PushLockCommitBy("ghost", TimeSpan.FromHours(1));
        var (gitLock, _, _) = Machine("bob", timeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<LockTimeoutException>(() => gitLock.AcquireAsync());
        Assert.Contains("still held by ghost on elsewhere", error.Message);
        Assert.Contains("--lock-timeout", error.Message);
    }

    [Fact]
    public async Task Holder_renews_while_it_works()
    {
        var (gitLock, _, _) = Machine("alice", ttl: TimeSpan.FromSeconds(3));
        await using (await gitLock.AcquireAsync())
        {
            await Eventually(() => LockLog().Contains("renewed by alice"));
        }
        Assert.StartsWith("pipelines-lock: free", LockLog());
    }

    [Fact]
    public async Task A_holder_whose_lock_was_taken_over_stops_before_pushing_config()
    {
        var (gitLock, output, _) = Machine("alice", ttl: TimeSpan.FromSeconds(6));
        var harness = new ConfigRepoHarness();
        _folders.Add(harness.CacheRoot);
        // Taken over while the holder works (the thief retries, as its push races the holder's renewals);
        // the holder's next renewal, or its check before pushing, finds out.
        var stolen = new StealingLock(gitLock, () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    PushLockCommitBy("mallory", TimeSpan.FromHours(1));
                    break;
                }
                catch (InvalidOperationException) when (attempt < 100)   // a loaded machine: the holder's renewals may win many races
                {
                }
            }
            Thread.Sleep(2500);
        });

        var error = await Assert.ThrowsAsync<LockLostException>(() =>
            harness.Repository(_server.GitUrl("config")).UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), stolen));

        Assert.Contains("nothing was pushed", error.Message);
        Assert.DoesNotContain("alice's", _server.Show("config", "app.yaml"));
        Assert.StartsWith("pipelines-lock: held by mallory", LockLog()); // not released over the new holder
        // Found by the renewal or by the check before pushing, whichever came first on a loaded machine.
        Assert.Matches("was taken over by someone else|was no longer ours to release", output.ToString());
    }

    [Fact]
    public async Task Concurrent_updates_through_the_lock_all_land_once_in_a_linear_history()
    {
        var jobs = Enumerable.Range(1, 6).Select(async i =>
        {
            var machine = Machine($"job{i}");
            var harness = new ConfigRepoHarness();
            lock (_folders) _folders.Add(harness.CacheRoot);
            await harness.Repository(_server.GitUrl("config")).UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", $"line {i}"), machine.Lock);
        }).ToList();
        await Task.WhenAll(jobs);

        var lines = _server.Show("config", "app.yaml").Trim().Split('\n');
        Assert.Equal(7, lines.Length);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"line {i}").Order(), lines.Skip(1).Order());
        var parents = _server.Log("config", format: "%p").Trim().Split('\n');
        Assert.All(parents, p => Assert.DoesNotContain(" ", p)); // no merges: linear
        Assert.StartsWith("pipelines-lock: free", LockLog());
    }

    [Fact]
    public async Task The_push_that_delivers_the_change_also_frees_the_lock()
    {
        var harness = new ConfigRepoHarness();
        _folders.Add(harness.CacheRoot);
        var repository = harness.Repository(_server.GitUrl("config"));

        var result = await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), LockIn(repository, harness.Log));

        Assert.True(result.Pushed);
        Assert.Contains("alice's", _server.Show("config", "app.yaml"));
        Assert.Contains("Lock released (in the same push as the change).", harness.Output.ToString());
        Assert.Equal(["pipelines-lock: free", "pipelines-lock: held by alice on test-host"], LockLog().Trim().Split('\n').Take(2).Select(l => l.Split(" (")[0].Trim()));
    }

    [Fact]
    public async Task A_change_refused_in_the_push_that_freed_the_lock_takes_the_lock_again_and_lands()
    {
        // The server refuses main once, per ref (an update hook), while it accepts the lock's release in the same push:
        // what a job pushing without the lock at that very moment would cause.
        var hook = Path.Combine(_server.Root, "config.git", "hooks", "update");
        File.WriteAllText(hook, "#!/bin/sh\nif [ \"$1\" = refs/heads/main ] && [ ! -e refused-once ]; then touch refused-once; echo 'main is busy' >&2; exit 1; fi\nexit 0\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var harness = new ConfigRepoHarness();
        _folders.Add(harness.CacheRoot);
        var repository = harness.Repository(_server.GitUrl("config"));

        var result = await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), LockIn(repository, harness.Log));

        Assert.Equal(2, result.Attempts);
        Assert.Contains("alice's", _server.Show("config", "app.yaml"));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(harness.Output.ToString(), "Lock taken"));
        Assert.StartsWith("pipelines-lock: free", LockLog());
    }

    [Fact]
    public async Task The_next_job_on_the_machine_takes_the_lock_straight_from_the_job_that_freed_it()
    {
        var (harness, queue) = await AliceUpdatedThroughTheMachineQueueAsync();
        var next = harness.Repository(_server.GitUrl("config"));  // another process sharing the workspace's cache

        var result = await next.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "bob's"), LockIn(next, harness.Log, "bob", queue));

        Assert.True(result.Pushed);
        Assert.Contains("handed over by the previous job on this machine", harness.Output.ToString());
        Assert.Equal("base\nalice's\nbob's\n", _server.Show("config", "app.yaml"));
        Assert.Equal(["free", "held by bob", "free", "held by alice"], LockLog().Split('\n').Take(4).Select(line => line.Split(" on ")[0].Replace("pipelines-lock: ", "")));
    }

    [Fact]
    public async Task A_handoff_overtaken_by_another_machine_is_refused_and_the_job_asks_the_server()
    {
        var (harness, queue) = await AliceUpdatedThroughTheMachineQueueAsync();
        // Another machine takes and frees the lock after alice handed it over, and changes the config meanwhile.
        var elsewhere = new ConfigRepoHarness();
        _folders.Add(elsewhere.CacheRoot);
        var carol = elsewhere.Repository(_server.GitUrl("config"));
        await carol.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "carol's"), LockIn(carol, elsewhere.Log, "carol"));
        var next = harness.Repository(_server.GitUrl("config"));

        var result = await next.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "bob's"), LockIn(next, harness.Log, "bob", queue));

        Assert.True(result.Pushed);
        Assert.DoesNotContain("handed over", harness.Output.ToString());
        Assert.Equal("base\nalice's\ncarol's\nbob's\n", _server.Show("config", "app.yaml"));
        Assert.StartsWith("pipelines-lock: free", LockLog());
    }

    /// <summary>Alice's job updated the config under the git lock through this machine's queue, leaving a handoff in it.</summary>
    private async Task<(ConfigRepoHarness Harness, string Queue)> AliceUpdatedThroughTheMachineQueueAsync()
    {
        var queue = Path.Combine(Directory.CreateTempSubdirectory("pipelines-queue-").FullName, "git.queue");
        _folders.Add(Path.GetDirectoryName(queue)!);
        var harness = new ConfigRepoHarness();
        _folders.Add(harness.CacheRoot);
        var alice = harness.Repository(_server.GitUrl("config"));
        await alice.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), LockIn(alice, harness.Log, "alice", queue));
        return (harness, queue);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), "the condition did not become true within 30 s");
    }

    /// <summary>Acquires the real lock, then lets someone else take it over before the holder pushes.</summary>
    private sealed class StealingLock(IGlobalLock inner, Action steal) : IGlobalLock
    {
        public string Description => inner.Description;

        public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
        {
            var handle = await inner.AcquireAsync(cancellationToken);
            steal();
            return handle;
        }
    }
}
