namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// The objects the controllers must look at again, as a real controller's work queue holds them: each once however
/// often it changed since the last pass, and those that time alone will change (a pod due to be ready, a progress
/// deadline) once their time comes.
/// </summary>
internal sealed class WorkQueue(TimeProvider clock)
{
    private readonly object gate = new();
    private HashSet<ObjectKey> dirty = [];
    private readonly PriorityQueue<ObjectKey, DateTimeOffset> later = new();

    public void Add(ObjectKey key)
    {
        lock (gate) dirty.Add(key);
    }

    public void AddAfter(ObjectKey key, DateTimeOffset due)
    {
        lock (gate) later.Enqueue(key, due);
    }

    /// <summary>When the next object is due by time alone, or null.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (gate) return later.TryPeek(out _, out var due) ? due : null;
        }
    }

    /// <summary>Takes what changed and what has fallen due, leaving the queue to collect the next pass's work.</summary>
    public IReadOnlySet<ObjectKey> Take()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            while (later.TryPeek(out var key, out var due) && due <= now)
            {
                later.Dequeue();
                dirty.Add(key);
            }
            var taken = dirty;
            dirty = [];
            return taken;
        }
    }
}
