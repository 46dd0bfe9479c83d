using System.Threading.Channels;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>A started watch: the changes already logged, the live ones, and how to stop.</summary>
public sealed class WatchSubscription(IReadOnlyList<StoredEvent> backlog, ChannelReader<StoredEvent> live, long startRevision, Action stop)
    : IDisposable
{
    public IReadOnlyList<StoredEvent> Backlog { get; } = backlog;
    public ChannelReader<StoredEvent> Live { get; } = live;

    /// <summary>The store's revision when the watch started.</summary>
    public long StartRevision { get; } = startRevision;

    public void Dispose() => stop();
}
