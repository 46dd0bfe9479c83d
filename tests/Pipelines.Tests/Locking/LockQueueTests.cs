using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Locking;
using Pipelines.Sandbox.Git;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Locking;

/// <summary>Machines waiting for the git lock queue on the server (one ticket ref each), so that the first in line polls often
/// and the others rarely, and a freed lock goes to one of them instead of to a push from each. The queue is advice: a ticket
/// left by a dead job costs a moment, never the lock.</summary>
public sealed class LockQueueTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-lockqueue-").FullName;
    private readonly List<string> _folders = [];
    private readonly GitDaemon _git;

    public LockQueueTests()
    {
        _git = GitDaemon.Start(_root);
        _git.CreateRepository("config", [("app.yaml", "base\n")]);
    }

    public void Dispose()
    {
        _git.Dispose();
        foreach (var folder in _folders.Append(_root)) Directory.Delete(folder, recursive: true);
    }

    private (IGlobalLock Lock, StringWriter Output) Machine(string user)
    {
        var folder = Directory.CreateTempSubdirectory("pipelines-lockqueue-cache-").FullName;
        _folders.Add(folder);
        var output = new StringWriter();
        var log = TextLog.To(TextWriter.Synchronized(output));
        var cache = ObjectCache.Open(folder, RemoteUrl.Parse(_git.Url("config"), "/"), null, log);
        var owner = new LockOwner($"{user}@test/{Guid.NewGuid():N}", user, "test-host", null);
        return (new GitLock(cache, "pipelines-lock", owner, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(90), log), output);
    }

    private string Server(params string[] args) => Git.Run(_root, ["--git-dir", Path.Combine(_root, "config.git"), .. args]);

    private string[] Tickets() => Server("for-each-ref", "--format=%(refname)", LockQueue.Prefix("pipelines-lock"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_waiter_queues_on_the_server_and_its_ticket_goes_with_the_push_that_takes_the_lock()
    {
        var alice = Machine("alice");
        var bob = Machine("bob");
        var aliceHandle = await alice.Lock.AcquireAsync();
        Assert.Empty(Tickets()); // nobody waited: no ticket

        var bobAcquires = bob.Lock.AcquireAsync();
        await Eventually(() => Tickets().Length == 1);
        await aliceHandle.DisposeAsync();

        await using (await bobAcquires.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.Empty(Tickets());
            Assert.StartsWith("pipelines-lock: held by bob", Server("log", "--format=%s", "pipelines-lock"));
        }
    }

    [Fact]
    public async Task A_ticket_left_by_a_dead_waiter_keeps_the_freed_lock_from_the_next_for_a_moment_only_and_is_deleted()
    {
        var alice = Machine("alice");
        var bob = Machine("bob");
        var aliceHandle = await alice.Lock.AcquireAsync();
        // First in line, and not stale: a waiter killed a moment ago.
        var ghost = LockQueue.Prefix("pipelines-lock") + LockQueue.NewTicket(DateTimeOffset.UtcNow.AddSeconds(-1), new LockOwner("ghost@x/1/y", "ghost", "x", null));
        Server("update-ref", ghost, Server("rev-parse", "pipelines-lock").Trim());

        var bobAcquires = bob.Lock.AcquireAsync();
        await Eventually(() => Tickets().Length == 2);
        await aliceHandle.DisposeAsync();

        await using (await bobAcquires.WaitAsync(TimeSpan.FromSeconds(60)))
        {
            Assert.Empty(Tickets());
        }
    }

    [Fact]
    public async Task A_take_that_deletes_a_ticket_another_job_deleted_first_still_takes_the_lock()
    {
        var folder = Directory.CreateTempSubdirectory("pipelines-lockqueue-cache-").FullName;
        _folders.Add(folder);
        var cache = ObjectCache.Open(folder, RemoteUrl.Parse(_git.Url("config"), "/"), null, TextLog.To(new StringWriter()));
        var pushed = await cache.WithRepositoryAsync(repository =>
        {
            var head = cache.Fetch(repository, "main")!;
            var gone = LockQueue.Prefix("pipelines-lock") + LockQueue.NewTicket(DateTimeOffset.UtcNow, new LockOwner("gone@x/1/y", "gone", "x", null));
            return cache.Push(repository, new RefUpdate("elsewhere", head), deleting: [gone]);
        });
        Assert.True(pushed.Accepted);
    }

    [Fact]
    public void A_place_in_line_counts_the_live_tickets_before_it()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var owner = new LockOwner("me@x/1/y", "me", "x", null);
        var stale = LockQueue.NewTicket(now.AddMinutes(-30), new LockOwner("old@x/1/y", "old", "x", null));
        var first = LockQueue.NewTicket(now.AddSeconds(-5), new LockOwner("first@x/1/y", "first", "x", null));
        var held = LockQueue.NewTicket(now.AddSeconds(-4), new LockOwner("holder@x/1/y", "holder", "x", null));
        var mine = LockQueue.NewTicket(now.AddSeconds(-3), owner);
        var later = LockQueue.NewTicket(now.AddSeconds(-2), new LockOwner("later@x/1/y", "later", "x", null));
        var tickets = new[] { later, mine, held, first, stale, "not-a-ticket" };

        Assert.Equal(2, LockQueue.Place(tickets, mine, new HashSet<string>(), now, TimeSpan.FromMinutes(12)));
        Assert.Equal(1, LockQueue.Place(tickets, mine, new HashSet<string> { held }, now, TimeSpan.FromMinutes(12)));
        Assert.Equal(0, LockQueue.Place(tickets, first, new HashSet<string>(), now, TimeSpan.FromMinutes(12)));
        Assert.EndsWith("-" + LockQueue.OwnerKey(owner.Id), mine);
    }

    [Fact]
    public void The_first_in_line_looks_most_often_and_the_others_less_often_the_further_back()
    {
        var pauses = Enumerable.Range(0, 10).Select(place => LockQueue.PauseAt(place)).ToList();
        Assert.True(pauses.Zip(pauses.Skip(1)).All(p => p.First <= p.Second));
        Assert.True(pauses[0] < pauses[1]);
        Assert.True(pauses[^1] <= TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void A_lock_held_long_is_looked_at_no_more_than_once_a_second_even_by_the_first_in_line()
    {
        Assert.Equal(LockQueue.FirstLooksEvery, LockQueue.PauseAt(0, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(TimeSpan.FromSeconds(1), LockQueue.PauseAt(0, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.FromSeconds(3), LockQueue.PauseAt(1, TimeSpan.FromMinutes(5)));
    }

    private static async Task Eventually(Func<bool> condition, int seconds = 60)
    {
        for (var i = 0; i < seconds * 20 && !condition(); i++) await Task.Delay(50);
        Assert.True(condition(), $"the condition did not become true within {seconds} s");
    }
}
