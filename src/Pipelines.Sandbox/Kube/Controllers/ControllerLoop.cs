using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Runs the simulated controllers (deployments, replica sets, stateful sets, daemon sets, and the pods'
/// lifecycle, garbage collection) after changes in the store, and again when a pod becomes due to be ready or a
/// progress deadline falls due. One pass at a time, so the controllers never race each other. Each pass looks only at
/// the objects in the work queue: those that changed, their owners (a pod's replica set, its deployment), on a deletion
/// the dependents and the namespace, and those whose time has come; so the work grows with the changes, not with what
/// the store holds.
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
    private readonly WorkQueue queue;
    private readonly SemaphoreSlim changed = new(0);
    private readonly CancellationTokenSource stop = new();
    private readonly TimeProvider clock;
    private Task running = Task.CompletedTask;

    public ControllerLoop(ClusterAccess cluster, EmulatorOptions options)
    {
        this.cluster = cluster;
        clock = options.TimeProvider;
        queue = new WorkQueue(clock);
        Images = new ImageAvailability(options.BadImages, options.ImageExists, options.CrashingImages, options.UnreadyImages);
        var events = new EventRecorder(cluster);
        pods = new PodLifecycle(cluster, queue, Images, events, options.PodReadyDelay,
            new NodeCapacity(Objects.Quantity.Parse(options.NodeCpu), Objects.Quantity.Parse(options.NodeMemory)));
        replicaSets = new ReplicaSetController(cluster, events);
        deployments = new DeploymentController(cluster, queue, events);
        statefulSets = new StatefulSetController(cluster, events);
        daemonSets = new DaemonSetController(cluster, events);
        garbage = new GarbageCollector(cluster);
        quotas = new QuotaController(cluster);
        crds = new CrdController(cluster, queue, options.CrdEstablishDelay);
        deletions = new DeletionController(cluster, queue, options.PodTerminationDelay);
    }

    public ImageAvailability Images { get; }

    /// <summary>Passes run so far: an idle cluster must not keep running them.</summary>
    public int Passes => Volatile.Read(ref passes);

    private int passes;

    /// <summary>Passes that threw: a controller must survive any order of API requests, so a test expects none.</summary>
    public int Faults => Volatile.Read(ref faults);

    private int faults;

    /// <summary>Objects the controllers have read so far (see <see cref="ClusterAccess.ObjectsRead"/>).</summary>
    public long ObjectsRead => cluster.ObjectsRead;

    /// <summary>Called by the store after each change: queues what the change concerns.</summary>
    public void Notify(StoredEvent change)
    {
        foreach (var key in ChangedKeys.Of(change, cluster)) queue.Add(key);
        Wake();
    }

    /// <summary>Images that cannot be pulled from now on (or can again) change every pod that runs them.</summary>
    public void AddBadImage(string image)
    {
        Images.AddBad(image);
        RequeueAll(cluster.Catalog.Pods);
    }

    public void RemoveBadImage(string image)
    {
        Images.RemoveBad(image);
        RequeueAll(cluster.Catalog.Pods);
    }

    /// <summary>Starts with every stored object queued, as an informer starts from a full list (objects restored from a state folder).</summary>
    public void Start()
    {
        foreach (var kind in cluster.Catalog.Kinds) RequeueAll(kind);
        running = Task.Run(() => Run(stop.Token));
    }

    private void RequeueAll(Kinds.ResourceKind kind)
    {
        foreach (var obj in cluster.All(kind)) queue.Add(ObjectKey.Of(kind, obj));
        Wake();
    }

    private void Wake()
    {
        if (changed.CurrentCount == 0) changed.Release();
    }

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
                // A controller fault must not stop the emulator; everything is looked at again a second later.
                Interlocked.Increment(ref faults);
                Console.Error.WriteLine($"kube emulator: controller pass failed: {e}");
                due = clock.GetUtcNow().AddSeconds(1);
                foreach (var kind in cluster.Catalog.Kinds)
                    foreach (var obj in cluster.All(kind)) queue.AddAfter(ObjectKey.Of(kind, obj), due.Value);
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

    /// <summary>One pass of every controller over the queued objects; returns when time alone will next change something.</summary>
    private async Task<DateTimeOffset?> Pass(CancellationToken token)
    {
        var work = queue.Take();
        if (work.Count > 0)
        {
            Interlocked.Increment(ref passes);
            crds.Reconcile(work);
            deletions.Reconcile(work);
            garbage.Collect(work);
            replicaSets.Reconcile(work);
            await pods.Reconcile(work, token);
            deployments.Reconcile(work);
            statefulSets.Reconcile(work);
            daemonSets.Reconcile(work);
            quotas.Reconcile(work);
        }
        return queue.NextDue;
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
