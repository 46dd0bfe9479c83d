using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// Events, as the controllers, the scheduler and the kubelet record them (core/v1 Event): one per object, reason and
/// message, its count and lastTimestamp raised when it happens again, so that <c>kubectl describe</c>, <c>kubectl get
/// events</c> and a rollout's failure reason show what a real cluster shows.
/// </summary>
internal sealed class EventRecorder(ClusterAccess cluster)
{
    private readonly ConcurrentDictionary<(string Uid, string Reason, string Message), string> names = new();

    public void Normal(ResourceKind kind, JsonObject obj, string reason, string message, string component) =>
        Record(kind, obj, "Normal", reason, message, component);

    public void Warning(ResourceKind kind, JsonObject obj, string reason, string message, string component) =>
        Record(kind, obj, "Warning", reason, message, component);

    private void Record(ResourceKind kind, JsonObject obj, string type, string reason, string message, string component)
    {
        var events = cluster.Catalog.Events;
        var ns = obj.Namespace() ?? "default";
        var uid = obj.String("metadata", "uid") ?? "";
        var now = cluster.Now();
        if (names.TryGetValue((uid, reason, message), out var existing) && cluster.Get(events, ns, existing) is { } seen)
        {
            cluster.Change(events, seen, e =>
            {
                e["count"] = (e.Long("count") ?? 1) + 1;
                e["lastTimestamp"] = now;
            });
            return;
        }
        var name = $"{obj.Name()}.{Guid.NewGuid():N}"[..Math.Min(obj.Name().Length + 17, 253)];
        var source = new JsonObject { ["component"] = component };
        if (component == "kubelet") source["host"] = ClusterAccess.NodeName;
        var created = cluster.Create(events, ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["involvedObject"] = new JsonObject
            {
                ["kind"] = kind.Kind,
                ["namespace"] = ns,
                ["name"] = obj.Name(),
                ["uid"] = uid,
                ["apiVersion"] = kind.ApiVersion,
                ["resourceVersion"] = obj.String("metadata", "resourceVersion"),
            },
            ["reason"] = reason,
            ["message"] = message,
            ["source"] = source,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = type,
            ["reportingComponent"] = component,
            ["reportingInstance"] = component == "kubelet" ? ClusterAccess.NodeName : "",
        });
        if (created.IsSuccess) names[(uid, reason, message)] = name;
    }
}
