using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// What the API server's strategies do to an object on create and on update: system metadata (uid,
/// creationTimestamp, generation), generated names, status kept apart from spec, and defaults.
/// </summary>
public sealed class ObjectLifecycle(TimeProvider clock)
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public string Now() => Timestamp(clock.GetUtcNow());

    /// <summary>Five characters of the alphabet the API server uses for generateName and pod names.</summary>
    public static string RandomSuffix(int length = 5) =>
        new(Enumerable.Range(0, length).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]).ToArray());

    public JsonObject ForCreate(ResourceKind kind, JsonObject incoming, string? ns)
    {
        var obj = WithoutNulls(incoming);
        obj["apiVersion"] = kind.ApiVersion;
        obj["kind"] = kind.Kind;
        obj.Meta();
        MoveFirst(obj, "apiVersion", "kind", "metadata");
        var meta = obj.Meta();
        if (string.IsNullOrEmpty((string?)meta["name"]) && meta["generateName"] is JsonValue prefix)
            meta["name"] = (string?)prefix + RandomSuffix();
        if (kind.Namespaced) meta["namespace"] = ns;
        else meta.Remove("namespace");
        meta["uid"] = Guid.NewGuid().ToString();
        meta.Remove("resourceVersion");
        meta["creationTimestamp"] = Now();
        meta.Remove("deletionTimestamp");
        if (kind.TracksGeneration) meta["generation"] = 1;
        else meta.Remove("generation");

        if (kind.HasStatus && kind.Kind != "Service") obj.Remove("status");
        if (kind.Kind == "Namespace") obj["status"] = new JsonObject { ["phase"] = "Active" };
        Defaults.Apply(kind, obj);
        return obj;
    }

    /// <summary>
    /// The object an update stores: the main resource ignores changes to status, /status ignores changes
    /// to everything else; system metadata is kept; generation counts spec changes.
    /// </summary>
    public static JsonObject ForUpdate(ResourceKind kind, JsonObject current, JsonObject incoming, string? subresource)
    {
        JsonObject obj;
        if (subresource == "status")
        {
            obj = (JsonObject)current.DeepClone();
            obj["status"] = incoming["status"]?.DeepClone();
            if (obj["status"] is null) obj.Remove("status");
            return obj;
        }
        obj = WithoutNulls(incoming);
        obj["apiVersion"] = kind.ApiVersion;
        obj["kind"] = kind.Kind;
        obj.Meta();
        MoveFirst(obj, "apiVersion", "kind", "metadata");
        var meta = obj.Meta();
        var before = current.Meta();
        foreach (var key in new[] { "uid", "creationTimestamp", "namespace", "name", "deletionTimestamp" })
        {
            if (before[key] is { } value) meta[key] = value.DeepClone();
            else meta.Remove(key);
        }
        if (kind.HasStatus)
        {
            if (current["status"] is { } status) obj["status"] = status.DeepClone();
            else obj.Remove("status");
        }
        Defaults.Apply(kind, obj);
        if (kind.TracksGeneration)
        {
            var generation = before.Long("generation") ?? 1;
            meta["generation"] = SpecChanged(current, obj) ? generation + 1 : generation;
        }
        else meta.Remove("generation");
        return obj;
    }

    /// <summary>
    /// A copy without null fields: the API server decodes into typed objects, so a null (such as the
    /// <c>creationTimestamp: null</c> clients send in pod templates) reads back as absent.
    /// </summary>
    public static JsonObject WithoutNulls(JsonObject obj) => (JsonObject)Strip(obj)!;

    private static JsonNode? Strip(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, Strip(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Strip).ToArray()),
        _ => node?.DeepClone(),
    };

    /// <summary>Whether anything but metadata and status differs; compared in place (it was two deep copies per update).</summary>
    private static bool SpecChanged(JsonObject a, JsonObject b)
    {
        static bool Counted(string key) => key is not ("metadata" or "status");
        if (a.Count(p => Counted(p.Key)) != b.Count(p => Counted(p.Key))) return true;
        foreach (var (key, value) in a)
            if (Counted(key) && (!b.TryGetPropertyValue(key, out var other) || !JsonNode.DeepEquals(value, other))) return true;
        return false;
    }

    /// <summary>Puts these keys first, keeping the nodes: cleared from the object they have no parent and go back in as they are.</summary>
    private static void MoveFirst(JsonObject obj, params string[] keys)
    {
        var rest = obj.Where(p => !keys.Contains(p.Key)).Select(p => (p.Key, p.Value)).ToList();
        var first = keys.Select(k => (Key: k, Value: obj[k])).ToList();
        obj.Clear();
        foreach (var (k, v) in first) obj[k] = v;
        foreach (var (k, v) in rest) obj[k] = v;
    }
}
