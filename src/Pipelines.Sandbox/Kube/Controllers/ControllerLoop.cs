using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Runs the simulated controllers (deployments, replica sets, stateful sets, daemon sets, and the pods'
/// lifecycle, garbage collection) after every change in the store, and again when a pod becomes due to be ready or a
/// progress deadline falls due. One pass at a time, so the controllers never race each other.
/// </summary>
internal sealed class ControllerLoop : IAsyncDisposable
{
    private readonly ClusterAccess cluster;
    private readonly PodLifecycle pods;
    private readonly ReplicaSetController replicaSets;
    private readonly DeploymentController deployments;
    private readonly StatefulSetController statefulSets;
    private readonly DaemonSetController daemonSets;
    private readonly GarbageCollector garbage;
    private readonly QuotaController quotas;
    private readonly CrdController crds;
    private readonly DeletionController deletions;
    private readonly SemaphoreSlim changed = new(0);
    private readonly CancellationTokenSource stop = new();
    private readonly TimeProvider clock;
    private Task running = Task.CompletedTask;

    public ControllerLoop(ClusterAccess cluster, EmulatorOptions options)
    {
        this.cluster = cluster;
        clock = options.TimeProvider;
        Images = new ImageAvailability(options.BadImages, options.ImageExists, options.CrashingImages, options.UnreadyImages);
        var events = new EventRecorder(cluster);
        pods = new PodLifecycle(cluster, Images, events, options.PodReadyDelay,
            new NodeCapacity(Objects.Quantity.Parse(options.NodeCpu), Objects.Quantity.Parse(options.NodeMemory)));
        replicaSets = new ReplicaSetController(cluster, events);
        deployments = new DeploymentController(cluster, events);
        statefulSets = new StatefulSetController(cluster, events);
        daemonSets = new DaemonSetController(cluster, events);
        garbage = new GarbageCollector(cluster);
        quotas = new QuotaController(cluster);
        crds = new CrdController(cluster, options.CrdEstablishDelay);
        deletions = new DeletionController(cluster, options.PodTerminationDelay);
    }

    public ImageAvailability Images { get; }

    /// <summary>Passes run so far: an idle cluster must not keep running them.</summary>
    public int Passes => Volatile.Read(ref passes);

    private int passes;

    /// <summary>Objects the controllers have read so far (see <see cref="ClusterAccess.ObjectsRead"/>).</summary>
    public long ObjectsRead => cluster.ObjectsRead;

    /// <summary>Called by the store after each change.</summary>
    public void Notify()
    {
        if (changed.CurrentCount == 0) changed.Release();
    }

    public void Start() => running = Task.Run(() => Run(stop.Token));

    private async Task Run(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            DateTimeOffset? due;
            try
            {
                due = await Pass(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A controller fault must not stop the emulator; it is retried on the next change.
                Console.Error.WriteLine($"kube emulator: controller pass failed: {e}");
                due = clock.GetUtcNow().AddSeconds(1);
            }
            // Nothing due: sleep until the next change. (Timeout.InfiniteTimeSpan is -1 ms, so it must not be
            // clamped like an overdue time: that made an idle emulator spin.)
            var wait = due is null ? Timeout.InfiniteTimeSpan : Max(due.Value - clock.GetUtcNow(), TimeSpan.Zero);
            try
            {
                await changed.WaitAsync(wait, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass of every controller; returns when time alone will next change something.</summary>
    private async Task<DateTimeOffset?> Pass(CancellationToken token)
    {
        Interlocked.Increment(ref passes);
        var establishedDue = crds.Reconcile();
        var terminatedDue = deletions.Reconcile();
        garbage.Collect();
        replicaSets.Reconcile();
        var readyDue = await pods.Reconcile(token);
        var deadlineDue = deployments.Reconcile();
        statefulSets.Reconcile();
        daemonSets.Reconcile();
        quotas.Reconcile();
        return new[] { readyDue, deadlineDue, establishedDue, terminatedDue }.Where(d => d is not null).Min();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        changed.Dispose();
        _ = cluster;
    }
}
