using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// The ControllerRevisions of StatefulSets and DaemonSets (what <c>kubectl rollout history|undo</c> reads for them): one per
/// pod template, named <c>&lt;owner&gt;-&lt;hash&gt;</c>, holding the template as a patch (<c>$patch: replace</c>), numbered
/// by <c>revision</c>; a template that comes back becomes the newest revision again; the oldest beyond
/// revisionHistoryLimit are deleted.
/// </summary>
internal sealed class ControllerRevisions(ClusterAccess cluster)
{
    public const string HashLabel = "controller.kubernetes.io/hash";

    /// <summary>Makes sure the template's revision exists and is the newest; returns its name.</summary>
    public string Ensure(ResourceKind ownerKind, JsonObject owner, JsonObject template, string hash)
    {
        var kind = cluster.Catalog.ControllerRevisions;
        var name = $"{owner.Name()}-{hash}";
        var owned = cluster.OwnedBy(kind, owner);
        var newest = owned.Select(r => r.Long("revision") ?? 0).DefaultIfEmpty(0).Max();
        var existing = owned.FirstOrDefault(r => r.Name() == name);
        if (existing is null)
        {
            var labels = owner.At("spec", "selector", "matchLabels")?.DeepClone() as JsonObject ?? new JsonObject();
            labels[HashLabel] = hash;
            var data = (JsonObject)template.DeepClone();
            data["$patch"] = "replace";
            cluster.Create(kind, owner.Namespace()!, new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "ControllerRevision",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = labels,
                    ["ownerReferences"] = new JsonArray(ClusterAccess.ControllerReference(ownerKind, owner)),
                },
                ["data"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = data } },
                ["revision"] = newest + 1,
            });
        }
        else if ((existing.Long("revision") ?? 0) < newest)
        {
            cluster.Change(kind, existing, r => r["revision"] = newest + 1);
        }
        var limit = (int)(owner.Long("spec", "revisionHistoryLimit") ?? 10);
        var old = cluster.OwnedBy(kind, owner).Where(r => r.Name() != name).OrderBy(r => r.Long("revision") ?? 0).ToList();
        foreach (var r in old.Take(Math.Max(0, old.Count - limit))) cluster.Delete(kind, r);
        return name;
    }

    public static string Number(long revision) => revision.ToString(CultureInfo.InvariantCulture);
}
