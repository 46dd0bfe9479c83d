using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// The apiextensions controllers: a new CustomResourceDefinition gets NamesAccepted at once and Established after a short
/// delay (as a real API server takes a moment to serve it); only then are its served versions in discovery, OpenAPI and
/// the REST paths. A deleted CRD takes its kinds and all their objects with it.
/// </summary>
internal sealed class CrdController(ClusterAccess cluster, WorkQueue queue, TimeSpan establishDelay)
{
    private readonly Dictionary<string, DateTimeOffset> firstSeen = [];

    /// <summary>
    /// When a CRD is queued, looks at them all (there are few): a CRD not yet established is queued again for when it will be.
    /// </summary>
    public void Reconcile(IReadOnlySet<ObjectKey> work)
    {
        var catalog = cluster.Catalog;
        var kind = catalog.CustomResourceDefinitions;
        if (!work.Any(k => k.Kind == kind)) return;
        var crds = cluster.All(catalog.CustomResourceDefinitions);
        var defined = crds.Where(c => c.String("metadata", "deletionTimestamp") is null).Select(c => c.Name()).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in catalog.Kinds.Where(k => k.Custom && !defined.Contains($"{k.Plural}.{k.Group}")).ToList())
        {
            foreach (var obj in cluster.All(gone)) cluster.Delete(gone, obj);
            catalog.Remove(gone.Group, gone.Plural);
        }
        foreach (var name in firstSeen.Keys.Where(n => !defined.Contains(n)).ToList()) firstSeen.Remove(name);

        foreach (var crd in crds.Where(c => defined.Contains(c.Name())))
        {
            if (!firstSeen.TryGetValue(crd.Name(), out var seen)) firstSeen[crd.Name()] = seen = cluster.UtcNow;
            var established = cluster.UtcNow >= seen + establishDelay;
            if (!established) queue.AddAfter(ObjectKey.Of(kind, crd), seen + establishDelay);
            if (established) Serve(crd);
            cluster.Change(kind, crd, c => c["status"] = Status(c, established), subresource: "status");
        }
    }

    private void Serve(JsonObject crd)
    {
        foreach (var kind in CustomSchema.KindsOf(crd)) cluster.Catalog.Add(kind);
    }

    private JsonObject Status(JsonObject crd, bool established)
    {
        var status = crd["status"] as JsonObject ?? new JsonObject();
        var now = cluster.Now();
        Conditions.Set(status, "NamesAccepted", "True", "NoConflicts", "no conflicts found", now, withUpdateTime: false);
        Conditions.Set(status, "Established", established ? "True" : "False", established ? "InitialNamesAccepted" : "Installing",
            established ? "the initial names have been accepted" : "the initial names have been accepted; the API server is installing the new kind", now, withUpdateTime: false);
        var names = crd.At("spec", "names")?.DeepClone() as JsonObject ?? new JsonObject();
        names.Default("singular", (names.String("kind") ?? "").ToLowerInvariant());
        names.Default("listKind", names.String("kind") + "List");
        status["acceptedNames"] = names;
        var storage = (crd.At("spec", "versions") as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(v => v["storage"] is JsonValue s && s.GetValue<bool>())?.String("name");
        var stored = status["storedVersions"] as JsonArray ?? [];
        if (storage is not null && !stored.Any(v => (string?)v == storage)) stored.Add(storage);
        status["storedVersions"] = stored.DeepClone();
        return status;
    }
}
