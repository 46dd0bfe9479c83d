using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Files;
using Pipelines.Locking;
using Pipelines.Targets;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>The machine's object cache heals: what a killed process leaves (a stale ref lock file), a corrupt pack and
/// lost objects are repaired or fetched anew — reported as the cache's problem, never as "the server is unreachable" —
/// and a job takes the global lock only with a cache it can use.</summary>
public sealed class CacheHealingTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly ConfigRepoHarness _harness = new();

    public CacheHealingTests() => _server.CreateRepository("config", ("app.yaml", "base\n"));

    public void Dispose()
    {
        _harness.Dispose();
        _server.Dispose();
    }

    private string Bare => Path.Combine(Directory.GetDirectories(_harness.CacheRoot).Single(), "cache.git");

    private GitLock LockIn(ConfigRepository repository) =>
        new(repository.Cache, "pipelines-lock", new LockOwner($"alice@test/{Guid.NewGuid():N}", "alice", "test-host", null),
            TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(60), _harness.Log);

    private async Task<UpdateResult> Update(string line)
    {
        var repository = _harness.Repository(_server.GitUrl("config"));
        return await repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", line), LockIn(repository));
    }

    private static void LeaveStale(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, new string('0', 40) + "\n");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-10));
    }

    [Theory]
    [InlineData("refs/remotes/origin/main.lock")]
    [InlineData("refs/remotes/origin/pipelines-lock.lock")]
    [InlineData("packed-refs.lock")]
    public async Task A_stale_lock_file_left_by_a_killed_process_is_removed_and_the_update_lands_with_the_lock_freed(string lockFile)
    {
        Assert.True((await Update("one")).Pushed);
        LeaveStale(Path.Combine(Bare, lockFile));

        Assert.True((await Update("two")).Pushed);

        Assert.Equal("base\none\ntwo\n", _server.Show("config", "app.yaml"));
        Assert.StartsWith("pipelines-lock: free", _server.Log("config", "pipelines-lock"));
        Assert.Contains($"Removed {lockFile} from the cache of {_server.GitUrl("config")}: a process killed while updating the cache left it behind.", _harness.Output.ToString());
        Assert.DoesNotContain("reachable", _harness.Output.ToString());
    }

    [Fact]
    public async Task A_push_that_landed_counts_as_pushed_even_if_updating_the_cache_afterwards_failed()
    {
        Assert.True((await Update("one")).Pushed);
        // A lock file newer than this run's hold on the cache is not stale: libgit2 cannot update the tracking ref after the push.
        var blocking = Path.Combine(Bare, "refs/remotes/origin/main.lock");
        File.WriteAllText(blocking, "");
        File.SetLastWriteTimeUtc(blocking, DateTime.UtcNow.AddHours(1));

        var result = await Update("two");

        Assert.True(result.Pushed);
        Assert.Equal("base\none\ntwo\n", _server.Show("config", "app.yaml"));
        Assert.Contains("reported a failure after the server took it", _harness.Output.ToString());
        Assert.Contains($"main is at {result.Commit![..7]}", _harness.Output.ToString());
        Assert.Contains("on the server, so it landed", _harness.Output.ToString());
        Assert.StartsWith("pipelines-lock: free", _server.Log("config", "pipelines-lock")); // freed in the same push
        File.Delete(blocking);
    }

    [Fact]
    public async Task A_corrupt_pack_is_fetched_anew_and_named_as_the_cache_s_damage()
    {
        Assert.True((await Update("one")).Pushed);
        foreach (var pack in Directory.GetFiles(Path.Combine(Bare, "objects", "pack"), "*.pack"))
        {
            var bytes = File.ReadAllBytes(pack);
            for (var i = 12; i < bytes.Length - 20; i++) bytes[i] ^= 0x5a; // header kept, every object garbled
            File.WriteAllBytes(pack, bytes);
        }
        foreach (var loose in Directory.GetDirectories(Path.Combine(Bare, "objects")).Where(d => Path.GetFileName(d).Length == 2)) Directory.Delete(loose, true);

        Assert.True((await Update("two")).Pushed);

        Assert.Equal("base\none\ntwo\n", _server.Show("config", "app.yaml"));
        Assert.Contains("is damaged", _harness.Output.ToString());
        Assert.Contains("fetching it anew", _harness.Output.ToString());
        Assert.DoesNotContain("reachable", _harness.Output.ToString());
    }

    [Fact]
    public async Task Lost_objects_behind_the_cache_s_refs_are_fetched_anew()
    {
        Assert.True((await Update("one")).Pushed);
        foreach (var file in Directory.GetFiles(Path.Combine(Bare, "objects", "pack"))) File.Delete(file);
        foreach (var loose in Directory.GetDirectories(Path.Combine(Bare, "objects")).Where(d => Path.GetFileName(d).Length == 2)) Directory.Delete(loose, true);

        Assert.True((await Update("two")).Pushed);

        Assert.Equal("base\none\ntwo\n", _server.Show("config", "app.yaml"));
        Assert.Contains("fetching it anew", _harness.Output.ToString());
        Assert.StartsWith("pipelines-lock: free", _server.Log("config", "pipelines-lock"));
    }

    [Fact]
    public async Task A_cache_another_process_holds_past_lock_timeout_fails_naming_the_holder_and_takes_no_lock()
    {
        Assert.True((await Update("one")).Pushed);
        var folder = Directory.GetDirectories(_harness.CacheRoot).Single();
        using (await FileMutex.AcquireAsync(Path.Combine(folder, "cache.lock"), TimeSpan.Zero))
        {
            File.WriteAllText(Path.Combine(folder, "cache.lock.holder"), Environment.ProcessId.ToString());
            var repository = new ConfigRepository(_harness.Repository(_server.GitUrl("config")).Options with { CacheLockTimeout = TimeSpan.FromSeconds(1) }, _harness.Log);
            var locks = new CountingLock();

            var error = await Assert.ThrowsAsync<CacheBusyException>(() => repository.UpdateAsync(ConfigRepoHarness.AppendLine("app.yaml", "two"), locks));

            Assert.Contains($"used the cache of {_server.GitUrl("config")}", error.Message);
            Assert.Contains($"for the whole --lock-timeout of 1s: held by process {Environment.ProcessId}, which is running", error.Message);
            Assert.Contains("took no lock", error.Message);
            Assert.Equal(0, locks.Taken);
        }
    }

    private sealed class CountingLock : IGlobalLock
    {
        public int Taken;

        public string Description => "counting";

        public Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Taken);
            return Task.FromResult<ILockHandle>(new NoLock());
        }
    }
}
