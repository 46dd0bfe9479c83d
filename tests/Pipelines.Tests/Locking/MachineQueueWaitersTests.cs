using System.Diagnostics;
using Pipelines.Locking;

namespace Pipelines.Tests.Locking;

public sealed class MachineQueueWaitersTests : IDisposable
{
    private readonly string _queue = Path.Combine(Directory.CreateTempSubdirectory("pipelines-waiters-").FullName, "git.queue");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_queue)!, recursive: true);

    [Fact]
    public void A_job_counts_as_waiting_while_registered()
    {
        Assert.False(MachineQueueWaiters.AnyWaiting(_queue));
        using (MachineQueueWaiters.Register(_queue))
        {
            Assert.True(MachineQueueWaiters.AnyWaiting(_queue));
        }
        Assert.False(MachineQueueWaiters.AnyWaiting(_queue));
    }

    [Fact]
    public void A_waiter_killed_while_waiting_is_not_counted_and_its_file_is_removed()
    {
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        gone.WaitForExit();
        var folder = _queue + ".waiting";
        Directory.CreateDirectory(folder);
        var leftOver = Path.Combine(folder, $"{gone.Id}-0123456789abcdef");
        File.WriteAllBytes(leftOver, []);

        Assert.False(MachineQueueWaiters.AnyWaiting(_queue));
        Assert.False(File.Exists(leftOver));
    }
}
