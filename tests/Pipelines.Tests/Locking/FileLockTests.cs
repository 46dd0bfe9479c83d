using Pipelines.Diagnostics;
using Pipelines.Locking;
using Pipelines.Targets;

namespace Pipelines.Tests.Locking;

public sealed class FileLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-filelock-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Second_holder_waits_until_the_first_releases()
    {
        var path = Path.Combine(_folder, "release.lock");
        var first = await new FileLock(path, TimeSpan.FromSeconds(30), TextLog.To(TextWriter.Null)).AcquireAsync();
        var second = new FileLock(path, TimeSpan.FromSeconds(30), TextLog.To(TextWriter.Null)).AcquireAsync();
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await (await second).DisposeAsync();
    }

    [Fact]
    public async Task Timeout_says_which_file_and_what_to_do()
    {
        var path = Path.Combine(_folder, "release.lock");
        await using var held = await new FileLock(path, TimeSpan.FromSeconds(30), TextLog.To(TextWriter.Null)).AcquireAsync();
        var error = await Assert.ThrowsAsync<LockTimeoutException>(() => new FileLock(path, TimeSpan.FromMilliseconds(300), TextLog.To(TextWriter.Null)).AcquireAsync());
        Assert.Contains(path, error.Message);
        Assert.Contains("--lock-timeout", error.Message);
    }
}
