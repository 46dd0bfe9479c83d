using Pipelines.Diagnostics;
using Pipelines.Locking;

namespace Pipelines.Tests.Locking;

/// <summary>The machine queue wraps any global lock: jobs of one machine ask the lock one at a time, and a lock that cannot be
/// handed over (here one that only counts) is simply asked by the next job once the one ahead has given it up.</summary>
public sealed class MachineQueuedLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-queued-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Jobs_of_one_machine_take_any_lock_one_after_the_other_through_the_queue()
    {
        var queue = Path.Combine(_folder, "lock.queue");
        var inner = new CountingLock();
        var output = new StringWriter();
        var log = TextLog.To(TextWriter.Synchronized(output));
        var first = new MachineQueuedLock(inner, queue, TimeSpan.FromSeconds(60), log);
        var second = new MachineQueuedLock(inner, queue, TimeSpan.FromSeconds(60), log);

        var held = await first.AcquireAsync();
        var waiting = second.AcquireAsync();
        for (var i = 0; i < 100 && !output.ToString().Contains("Queued behind another job on this machine"); i++) await Task.Delay(50);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, inner.Taken);

        await held.DisposeAsync();
        await using (await waiting.WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(2, inner.Taken);
            Assert.Equal(1, inner.Released);
        }
        Assert.Equal(2, inner.Released);
        Assert.Contains("Queued behind another job on this machine that is waiting for or holding the lock (counting)", output.ToString());
    }

    [Fact]
    public async Task Waiting_in_the_queue_counts_towards_the_lock_timeout()
    {
        var queue = Path.Combine(_folder, "lock.queue");
        var inner = new CountingLock();
        var log = TextLog.To(TextWriter.Null);
        await using var held = await new MachineQueuedLock(inner, queue, TimeSpan.FromSeconds(60), log).AcquireAsync();

        var error = await Assert.ThrowsAsync<LockTimeoutException>(() => new MachineQueuedLock(inner, queue, TimeSpan.FromSeconds(1), log).AcquireAsync());

        Assert.Contains("Another job on this machine waited for or held the lock (counting) for the whole --lock-timeout of 1s", error.Message);
        Assert.Equal(1, inner.Taken);
    }

    private sealed class CountingLock : IGlobalLock
    {
        public int Taken;
        public int Released;

        public string Description => "counting";

        public Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Taken);
            return Task.FromResult<ILockHandle>(new Handle(this));
        }

        private sealed class Handle(CountingLock counting) : ILockHandle
        {
            public Task<bool> IsStillHeldAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

            public ValueTask DisposeAsync()
            {
                Interlocked.Increment(ref counting.Released);
                return ValueTask.CompletedTask;
            }
        }
    }
}
