using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>
/// The stored objects of one kind, by namespace and then name, with an index from each label (key and value) to the
/// objects that carry it. A list in one namespace walks only that namespace, and a list whose selector requires a label
/// value walks only the objects carrying it: rollout waiters list a workload's few pods by its selector, and with one table
/// of every object each of those lists walked all the pods of the cluster (N workloads waited for: N² objects per round).
/// Not thread-safe: <see cref="ObjectStore"/> holds its lock around every call.
/// </summary>
internal sealed class KindTable
{
    private static readonly StringComparer Ordinal = StringComparer.Ordinal;

    private readonly SortedDictionary<string, SortedDictionary<string, JsonObject>> byNamespace = new(Ordinal);
    private readonly Dictionary<(string Key, string Value), SortedSet<(string Namespace, string Name)>> byLabel = [];

    public IEnumerable<JsonObject> Values => byNamespace.Values.SelectMany(names => names.Values);

    public bool TryGet(string ns, string name, [NotNullWhen(true)] out JsonObject? obj)
    {
        obj = null;
        return byNamespace.TryGetValue(ns, out var names) && names.TryGetValue(name, out obj);
    }

    public void Set(string ns, string name, JsonObject obj)
    {
        if (!byNamespace.TryGetValue(ns, out var names)) byNamespace[ns] = names = new SortedDictionary<string, JsonObject>(Ordinal);
        if (names.TryGetValue(name, out var previous)) Unindex(ns, name, previous);
        names[name] = obj;
        foreach (var label in Labels(obj))
        {
            if (!byLabel.TryGetValue(label, out var carriers)) byLabel[label] = carriers = new SortedSet<(string, string)>(KeyOrder.Instance);
            carriers.Add((ns, name));
        }
    }

    public void Remove(string ns, string name)
    {
        if (!byNamespace.TryGetValue(ns, out var names) || !names.Remove(name, out var previous)) return;
        Unindex(ns, name, previous);
        if (names.Count == 0) byNamespace.Remove(ns);
    }

    public void Clear()
    {
        byNamespace.Clear();
        byLabel.Clear();
    }

    /// <summary>
    /// The objects of one namespace or all (ns null), ordered by namespace and name; with <paramref name="labels"/> (label values
    /// the caller's selector requires, which it still checks in full), only the objects carrying the rarest of them.
    /// </summary>
    public IEnumerable<JsonObject> Walk(string? ns, IReadOnlyList<(string Key, string Value)> labels)
    {
        if (labels.Count > 0)
        {
            SortedSet<(string Namespace, string Name)>? fewest = null;
            foreach (var label in labels)
            {
                if (!byLabel.TryGetValue(label, out var carriers)) yield break;
                if (fewest is null || carriers.Count < fewest.Count) fewest = carriers;
            }
            // Copied: the caller may write (and so re-index) while walking.
            foreach (var (objectNs, name) in fewest!.ToList())
                if ((ns is null || objectNs == ns) && TryGet(objectNs, name, out var carrier))
                    yield return carrier;
            yield break;
        }
        if (ns is not null)
        {
            if (byNamespace.TryGetValue(ns, out var names))
                foreach (var obj in names.Values) yield return obj;
            yield break;
        }
        foreach (var names in byNamespace.Values)
            foreach (var obj in names.Values) yield return obj;
    }

    private void Unindex(string ns, string name, JsonObject previous)
    {
        foreach (var label in Labels(previous))
            if (byLabel.TryGetValue(label, out var carriers) && carriers.Remove((ns, name)) && carriers.Count == 0) byLabel.Remove(label);
    }

    private static IEnumerable<(string, string)> Labels(JsonObject obj) =>
        obj["metadata"]?["labels"] is JsonObject labels
            ? labels.Where(l => l.Value is not null).Select(l => (l.Key, l.Value!.ToString()))
            : [];

    private sealed class KeyOrder : IComparer<(string Namespace, string Name)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Namespace, string Name) a, (string Namespace, string Name) b)
        {
            var c = string.CompareOrdinal(a.Namespace, b.Namespace);
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        }
    }
}
