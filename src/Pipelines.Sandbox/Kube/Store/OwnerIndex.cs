using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>
/// Which stored object has which uid, and which objects name which owner uid in their ownerReferences: what the
/// controllers and the garbage collector look up per change, so that none of them scans every object to find an owner's
/// dependents (the real controllers keep the same indexes in their informers).
/// </summary>
internal sealed class OwnerIndex
{
    private readonly Dictionary<string, (ResourceKind Kind, string Namespace, string Name)> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(ResourceKind Kind, string Namespace, string Name)>> byOwner = new(StringComparer.Ordinal);

    public void Add(ResourceKind kind, JsonObject obj)
    {
        var key = Key(kind, obj);
        if (Uid(obj) is { } uid) byUid[uid] = key;
        foreach (var owner in OwnerUids(obj))
        {
            if (!byOwner.TryGetValue(owner, out var dependents)) byOwner[owner] = dependents = [];
            dependents.Add(key);
        }
    }

    public void Remove(ResourceKind kind, JsonObject obj)
    {
        var key = Key(kind, obj);
        if (Uid(obj) is { } uid && byUid.TryGetValue(uid, out var indexed) && indexed == key) byUid.Remove(uid);
        foreach (var owner in OwnerUids(obj))
            if (byOwner.TryGetValue(owner, out var dependents) && dependents.Remove(key) && dependents.Count == 0) byOwner.Remove(owner);
    }

    public void Clear()
    {
        byUid.Clear();
        byOwner.Clear();
    }

    public bool Contains(string uid) => byUid.ContainsKey(uid);

    public IReadOnlyCollection<(ResourceKind Kind, string Namespace, string Name)> DependentsOf(string ownerUid) =>
        byOwner.TryGetValue(ownerUid, out var dependents) ? dependents : [];

    private static (ResourceKind, string, string) Key(ResourceKind kind, JsonObject obj) =>
        (kind, (string?)obj["metadata"]?["namespace"] ?? "", (string?)obj["metadata"]?["name"] ?? "");

    private static string? Uid(JsonObject obj) => (string?)obj["metadata"]?["uid"];

    private static IEnumerable<string> OwnerUids(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).Select(r => (string?)r?["uid"]).OfType<string>().Distinct(StringComparer.Ordinal);
}
