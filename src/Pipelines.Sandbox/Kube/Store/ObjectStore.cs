using System.Text.Json.Nodes;
using System.Threading.Channels;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>
/// All objects, in memory, with one resourceVersion counter shared by every kind (as etcd's revision is),
/// a bounded log of recent changes for watches, and atomic read-modify-write. Objects handed out are
/// copies, so callers may change them freely.
/// </summary>
public sealed class ObjectStore
{
    private readonly object gate = new();
    private readonly Dictionary<ResourceKind, KindTable> objects = [];
    private readonly LinkedList<StoredEvent> log = new();
    private readonly List<Channel<StoredEvent>> subscribers = [];
    private readonly OwnerIndex owners = new();
    private readonly int logCapacity;
    private long revision;
    private long compactedRevision;
    private long listed;

    public ObjectStore(int logCapacity = 10_000) => this.logCapacity = logCapacity;

    /// <summary>Raised (outside the lock) after every change, with the change.</summary>
    public event Action<StoredEvent>? Changed;

    public long Revision
    {
        get { lock (gate) return revision; }
    }

    /// <summary>Objects looked at by lists so far: a list's work, which must grow with what it answers, not with what is stored.</summary>
    public long ObjectsListed => Interlocked.Read(ref listed);

    public JsonObject? Get(ResourceKind kind, string? ns, string name)
    {
        lock (gate)
            return Table(kind).TryGet(ns ?? "", name, out var o) ? Copy(o) : null;
    }

    /// <summary>
    /// The objects of a kind, in one namespace or all (ns null), that match (when given), ordered by namespace and name.
    /// Only the matching ones are copied: a selector that picks a few of thousands costs a few copies, not thousands. With
    /// <paramref name="labels"/> (label values that <paramref name="matches"/> requires), only the objects carrying the rarest are looked at.
    /// </summary>
    public (IReadOnlyList<JsonObject> Items, long Revision) List(ResourceKind kind, string? ns, Func<JsonObject, bool>? matches = null,
        IReadOnlyList<(string Key, string Value)>? labels = null)
    {
        lock (gate)
        {
            var items = new List<JsonObject>();
            var looked = 0L;
            foreach (var o in Table(kind).Walk(ns, labels ?? []))
            {
                looked++;
                if (matches is null || matches(o)) items.Add(Copy(o));
            }
            Interlocked.Add(ref listed, looked);
            return (items, revision);
        }
    }

    /// <summary>
    /// Reads the current object (null when absent), lets <paramref name="decide"/> say what to write,
    /// and writes it in one step. A Put that changes nothing but metadata.resourceVersion is not a
    /// change: the object keeps its resourceVersion and no event is sent, as the API server does.
    /// With <paramref name="lendCurrent"/>, <paramref name="decide"/> is given the stored object itself, not a copy: it must
    /// not change it (the controllers copy what they change anyway, so a copy here was one more per write).
    /// </summary>
    public T Write<T>(ResourceKind kind, string? ns, string name, Func<JsonObject?, (StoreWrite Write, T Result)> decide,
        Func<JsonObject, T>? written = null, bool lendCurrent = false)
    {
        StoredEvent? stored = null;
        T result;
        lock (gate)
        {
            var table = Table(kind);
            table.TryGet(ns ?? "", name, out var current);
            var (write, decided) = decide(current is null || lendCurrent ? current : Copy(current));
            result = decided;
            switch (write)
            {
                case StoreWrite.Put put:
                    // Stored as parsed JSON, whatever CLR values the writer built it from; built in full, since it is shared.
                    var next = Materialised.Of((JsonObject)JsonNode.Parse(put.Object.ToJsonString())!);
                    if (current is not null && SameObject.IgnoringVersion(current, next))
                    {
                        if (written is not null) result = written(Copy(current));
                        break;
                    }
                    revision++;
                    if (current is not null) owners.Remove(kind, current);
                    owners.Add(kind, next);
                    Metadata(next)["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    table.Set(ns ?? "", name, next);
                    // Stored objects are never changed once stored (a write stores a new one), so the event has them as they are.
                    stored = new StoredEvent(current is null ? StoredEvent.Added : StoredEvent.Modified, kind, next, current, revision);
                    if (written is not null) result = written(Copy(next));
                    break;
                case StoreWrite.Remove when current is not null:
                    revision++;
                    table.Remove(ns ?? "", name);
                    owners.Remove(kind, current);
                    var last = Copy(current);
                    Metadata(last)["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    stored = new StoredEvent(StoredEvent.Deleted, kind, last, current, revision);
                    break;
            }
            if (stored is not null) Publish(stored);
        }
        if (stored is not null) Changed?.Invoke(stored);
        return result;
    }

    /// <summary>Whether an object with this uid is stored (of any kind).</summary>
    public bool Exists(string uid)
    {
        lock (gate) return owners.Contains(uid);
    }

    /// <summary>The objects of every kind that name the owner's uid in their ownerReferences, ordered by kind, namespace and name.</summary>
    public IReadOnlyList<(ResourceKind Kind, JsonObject Object)> Dependents(string ownerUid)
    {
        lock (gate)
            return owners.DependentsOf(ownerUid)
                .OrderBy(d => d.Kind.Plural, StringComparer.Ordinal).ThenBy(d => d.Namespace, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal)
                .Select(d => (d.Kind, Copy(Table(d.Kind).TryGet(d.Namespace, d.Name, out var o) ? o : throw new InvalidOperationException("owner index out of step"))))
                .ToList();
    }

    /// <summary>
    /// Starts a watch after <paramref name="fromRevision"/>: the logged changes since then, and a channel
    /// of the changes to come. Null when the log no longer reaches back that far (410 Gone).
    /// </summary>
    public WatchSubscription? Subscribe(long fromRevision)
    {
        lock (gate)
        {
            if (fromRevision < compactedRevision) return null;
            var backlog = log.Where(e => e.ResourceVersion > fromRevision).ToList();
            var channel = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });
            subscribers.Add(channel);
            return new WatchSubscription(backlog, channel.Reader, revision, () => Unsubscribe(channel));
        }
    }

    /// <summary>
    /// Starts a watch at the current state: the objects of a kind as they are now (for the synthetic
    /// ADDED events) and a channel of the changes after them, taken in one step so none is lost or doubled.
    /// </summary>
    public (IReadOnlyList<JsonObject> Items, WatchSubscription Subscription) SubscribeFromNow(ResourceKind kind, string? ns)
    {
        lock (gate)
        {
            var items = List(kind, ns).Items;
            return (items, Subscribe(revision)!);
        }
    }

    /// <summary>Every object of every kind, and the revision, for saving.</summary>
    public (long Revision, IReadOnlyList<(ResourceKind Kind, JsonObject Object)> Objects) Snapshot()
    {
        lock (gate)
            return (revision, objects.SelectMany(t => t.Value.Values.Select(o => (t.Key, Copy(o)))).ToList());
    }

    /// <summary>Replaces the contents with saved ones (before serving).</summary>
    public void Restore(long savedRevision, IEnumerable<(ResourceKind Kind, JsonObject Object)> saved)
    {
        lock (gate)
        {
            objects.Clear();
            owners.Clear();
            log.Clear();
            foreach (var (kind, o) in saved)
            {
                var meta = Metadata(o);
                Table(kind).Set((string?)meta["namespace"] ?? "", (string)meta["name"]!, Materialised.Of(Copy(o)));
                owners.Add(kind, o);
            }
            revision = savedRevision;
            compactedRevision = savedRevision;
        }
    }

    private void Unsubscribe(Channel<StoredEvent> channel)
    {
        lock (gate) subscribers.Remove(channel);
        channel.Writer.TryComplete();
    }

    private void Publish(StoredEvent e)
    {
        log.AddLast(e);
        while (log.Count > logCapacity)
        {
            compactedRevision = log.First!.Value.ResourceVersion;
            log.RemoveFirst();
        }
        foreach (var s in subscribers) s.Writer.TryWrite(e);
    }

    private KindTable Table(ResourceKind kind)
    {
        if (!objects.TryGetValue(kind, out var table)) objects[kind] = table = new KindTable();
        return table;
    }

    private static JsonObject Metadata(JsonObject o) => o["metadata"] as JsonObject ?? throw new InvalidOperationException("object without metadata");

    private static JsonObject Copy(JsonObject o) => (JsonObject)o.DeepClone();
}
