using Pipelines.ConfigRepo;
using Pipelines.Locking;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Locking;

/// <summary>What an update under the git lock costs the server, in connections. The lock is there for safety; its first look
/// riding on the config fetch, its looks fetching what they see, its release riding on the change's push, and the hand-over
/// between jobs of one machine are there for speed (docs/benchmarks.md, "Optimisations"), and these counts say they still work:
/// each connection is a process on a git server.</summary>
public sealed class LockRoundTripTests : IDisposable
{
    private const string Token = "tok-roundtrips";
    private readonly GitServer _server = new();
    private readonly GitHttpServer _http;
    private readonly ConfigRepoHarness _harness = new();
    private readonly string _queue;

    public LockRoundTripTests()
    {
        _server.CreateRepository("config", ("app.yaml", "base\n"));
        _http = new GitHttpServer(_server.Root, "ci", Token);
        _queue = Path.Combine(_harness.CacheRoot, "machine.queue");
    }

    public void Dispose()
    {
        _http.Dispose();
        _harness.Dispose();
        _server.Dispose();
    }

    private ConfigRepository Job() => _harness.Repository(_http.Url("config"), GitCredentials.From("ci", null, Token));

    private IGlobalLock Lock(ConfigRepository job, string user, string? queue = null)
    {
        var gitLock = new GitLock(job.Cache, "pipelines-lock", new LockOwner($"{user}@test/{Guid.NewGuid():N}", user, "test-host", null), TimeSpan.FromMinutes(2),
            TimeSpan.FromSeconds(60), _harness.Log);
        return queue is null ? gitLock : new MachineQueuedLock(gitLock, queue, TimeSpan.FromSeconds(60), _harness.Log);
    }

    /// <summary>Connections since the counts were cleared: fetches and ls-remotes, and pushes.</summary>
    private (int Fetches, int Pushes) Cost() => (_http.Connections("git-upload-pack"), _http.Connections("git-receive-pack"));

    [Fact]
    public async Task An_update_under_the_git_lock_with_a_warm_cache_costs_one_fetch_and_two_pushes()
    {
        var alice = Job();
        Assert.True((await alice.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "warm"), Lock(alice, "alice"))).Pushed);
        _http.Served.Clear();

        var bob = Job();
        Assert.True((await bob.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "bob's"), Lock(bob, "bob"))).Pushed);

        // One fetch brings the config branch and the lock branch (it is the lock's first look); the lock commit's push and
        // the change's, which frees the lock too. One round trip more than without the lock.
        Assert.Equal((1, 2), Cost());
        Assert.StartsWith("pipelines-lock: free", _server.Log("config", "pipelines-lock"));
    }

    [Fact]
    public async Task An_update_under_the_git_lock_on_another_machine_costs_one_fetch_and_two_pushes()
    {
        var alice = Job();
        Assert.True((await alice.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), Lock(alice, "alice"))).Pushed);
        _http.Served.Clear();

        // Another machine: its cache has neither alice's change nor the free commit her push left on the lock branch.
        using var elsewhere = new ConfigRepoHarness();
        var bob = elsewhere.Repository(_http.Url("config"), GitCredentials.From("ci", null, Token));
        Assert.True((await bob.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "bob's"), Lock(bob, "bob"))).Pushed);

        Assert.Equal((1, 2), Cost());
        Assert.Equal("base\nalice's\nbob's\n", _server.Show("config", "app.yaml"));
    }

    [Fact]
    public async Task A_look_at_the_lock_that_finds_a_new_lock_commit_reads_it_in_the_same_connection()
    {
        var alice = Job();
        Assert.True((await alice.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), Lock(alice, "alice"))).Pushed);
        _http.Served.Clear();

        // A waiter on another machine looks (no fetch of the config branch before: this is how it polls): the free commit
        // alice's push left is new to it. The look that sees it brings it, and the config branch with it.
        using var elsewhere = new ConfigRepoHarness();
        var bob = elsewhere.Repository(_http.Url("config"), GitCredentials.From("ci", null, Token));
        await using (await Lock(bob, "bob").AcquireAsync())
        {
            Assert.Equal((1, 1), Cost());
        }
    }

    [Fact]
    public async Task The_next_job_of_the_machine_takes_the_lock_from_the_handoff_without_asking_the_server_first()
    {
        var alice = Job();
        Assert.True((await alice.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), Lock(alice, "alice", _queue))).Pushed);
        _http.Served.Clear();

        var bob = Job();
        Assert.True((await bob.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "bob's"), Lock(bob, "bob", _queue))).Pushed);

        // The config fetch; the lock commit pushed straight onto the free commit alice left, and the change's push.
        Assert.Contains("handed over by the previous job on this machine", _harness.Output.ToString());
        Assert.Equal((1, 2), Cost());
        Assert.Equal("base\nalice's\nbob's\n", _server.Show("config", "app.yaml"));
    }

    [Fact]
    public async Task An_update_with_nothing_to_change_takes_no_lock_and_costs_one_fetch()
    {
        var alice = Job();
        Assert.True((await alice.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), Lock(alice, "alice"))).Pushed);
        _http.Served.Clear();

        var again = Job();
        Assert.False((await again.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "alice's"), Lock(again, "alice"))).Pushed);

        Assert.Equal((1, 0), Cost());
    }
}
