using Pipelines.Tests.Registry;
using Pipelines.Tests.Releases;

namespace Pipelines.Tests.Server;

/// <summary>A test class of the console against real git and the real registry: the usual images pushed, Watch started over
/// them with no automation, so that only the console changes the config repo.</summary>
public abstract class ConsoleWorldTests(AnonymousRegistry registry) : IAsyncLifetime
{
    /// <summary>The registry the images are pushed to.</summary>
    private protected AnonymousRegistry Images { get; } = registry;

    private protected ReleaseWorld World { get; } = new(registry);

    private protected WatchHarness Harness { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await World.PushUsualAsync();
        Harness = await WatchHarness.StartAsync(World.Url, TimeSpan.FromHours(1), automation: false);
    }

    public async Task DisposeAsync()
    {
        await Harness.DisposeAsync();
        World.Dispose();
    }
}
