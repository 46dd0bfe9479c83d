using System.Globalization;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Tables;

/// <summary>The columns `kubectl get` shows for each served kind, as the API server's table printers define them.</summary>
public static class KindColumns
{
    private static TableColumn NameColumn { get; } = new("Name", "string", 0, (o, _) => o.Name(), "name");

    private static TableColumn Age { get; } = new("Age", "string", 0, (o, now) =>
        DateTimeOffset.TryParse(o.String("metadata", "creationTimestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? HumanDuration.Of(now - created)
            : "<unknown>");

    private static long Count(JsonObject o, params string[] path) => o.Long(path) ?? 0;

    private static TableColumn Int(string name, params string[] path) => new(name, "integer", 0, (o, _) => Count(o, path));

    private static TableColumn Text(string name, int priority, Func<JsonObject, string> value) => new(name, "string", priority, (o, _) => value(o));

    private static IEnumerable<JsonObject> Containers(JsonObject o, params string[] templatePath) =>
        (o.At([.. templatePath, "spec", "containers"]) as JsonArray)?.OfType<JsonObject>() ?? [];

    private static TableColumn[] Workload(params string[] templatePath) =>
    [
        Text("Containers", 1, o => string.Join(",", Containers(o, templatePath).Select(c => c.String("name")))),
        Text("Images", 1, o => string.Join(",", Containers(o, templatePath).Select(c => c.String("image")))),
        Text("Selector", 1, o => SelectorText(o.At("spec", "selector"))),
    ];

    private static string SelectorText(JsonNode? selector)
    {
        var parts = new List<string>();
        if (selector?["matchLabels"] is JsonObject labels) parts.AddRange(labels.Select(l => $"{l.Key}={l.Value}"));
        return parts.Count == 0 ? "<none>" : string.Join(",", parts);
    }

    public static IReadOnlyList<TableColumn> For(string kind) => kind switch
    {
        "Namespace" => [NameColumn, Text("Status", 0, o => o.String("status", "phase") ?? ""), Age],
        "Pod" =>
        [
            NameColumn,
            Text("Ready", 0, o =>
            {
                var statuses = (o.At("status", "containerStatuses") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
                var total = (o.At("spec", "containers") as JsonArray)?.Count ?? 0;
                return $"{statuses.Count(s => s["ready"] is JsonValue r && r.GetValue<bool>())}/{total}";
            }),
            Text("Status", 0, PodStatus),
            Text("Restarts", 0, o => ((o.At("status", "containerStatuses") as JsonArray)?.OfType<JsonObject>().Sum(s => s.Long("restartCount") ?? 0) ?? 0)
                .ToString(CultureInfo.InvariantCulture)),
            Age,
            Text("IP", 1, o => o.String("status", "podIP") ?? "<none>"),
            Text("Node", 1, o => o.String("spec", "nodeName") ?? "<none>"),
            Text("Nominated Node", 1, _ => "<none>"),
            Text("Readiness Gates", 1, _ => "<none>"),
        ],
        "Service" =>
        [
            NameColumn,
            Text("Type", 0, o => o.String("spec", "type") ?? "ClusterIP"),
            Text("Cluster-IP", 0, o => o.String("spec", "clusterIP") ?? "<none>"),
            Text("External-IP", 0, _ => "<none>"),
            Text("Port(s)", 0, o => (o.At("spec", "ports") as JsonArray)?.OfType<JsonObject>()
                .Select(p => $"{p.Long("port")}/{p.String("protocol") ?? "TCP"}").DefaultIfEmpty("<none>").Aggregate((a, b) => a + "," + b) ?? "<none>"),
            Age,
            Text("Selector", 1, o => o.At("spec", "selector") is JsonObject s && s.Count > 0
                ? string.Join(",", s.Select(l => $"{l.Key}={l.Value}")) : "<none>"),
        ],
        "ConfigMap" => [NameColumn, new("Data", "integer", 0, (o, _) => ((o["data"] as JsonObject)?.Count ?? 0) + ((o["binaryData"] as JsonObject)?.Count ?? 0)), Age],
        "Secret" => [NameColumn, Text("Type", 0, o => o.String("type") ?? ""), new("Data", "integer", 0, (o, _) => (o["data"] as JsonObject)?.Count ?? 0), Age],
        "ServiceAccount" => [NameColumn, new("Secrets", "integer", 0, (o, _) => (o["secrets"] as JsonArray)?.Count ?? 0), Age],
        "Deployment" =>
        [
            NameColumn,
            Text("Ready", 0, o => $"{Count(o, "status", "readyReplicas")}/{o.Long("spec", "replicas") ?? 1}"),
            Int("Up-to-date", "status", "updatedReplicas"),
            Int("Available", "status", "availableReplicas"),
            Age, .. Workload("spec", "template"),
        ],
        "ReplicaSet" =>
        [
            NameColumn, Int("Desired", "spec", "replicas"), Int("Current", "status", "replicas"), Int("Ready", "status", "readyReplicas"),
            Age, .. Workload("spec", "template"),
        ],
        "StatefulSet" =>
        [
            NameColumn, Text("Ready", 0, o => $"{Count(o, "status", "readyReplicas")}/{o.Long("spec", "replicas") ?? 1}"),
            Age, .. Workload("spec", "template")[..2],
        ],
        "DaemonSet" =>
        [
            NameColumn, Int("Desired", "status", "desiredNumberScheduled"), Int("Current", "status", "currentNumberScheduled"),
            Int("Ready", "status", "numberReady"), Int("Up-to-date", "status", "updatedNumberScheduled"),
            Int("Available", "status", "numberAvailable"),
            Text("Node Selector", 0, o => o.At("spec", "template", "spec", "nodeSelector") is JsonObject s && s.Count > 0
                ? string.Join(",", s.Select(l => $"{l.Key}={l.Value}")) : "<none>"),
            Age, .. Workload("spec", "template"),
        ],
        "Job" =>
        [
            NameColumn, Text("Status", 0, o => Count(o, "status", "succeeded") >= (o.Long("spec", "completions") ?? 1) ? "Complete" : "Running"),
            Text("Completions", 0, o => $"{Count(o, "status", "succeeded")}/{o.Long("spec", "completions") ?? 1}"),
            Text("Duration", 0, _ => ""), Age, .. Workload("spec", "template"),
        ],
        "CronJob" =>
        [
            NameColumn, Text("Schedule", 0, o => o.String("spec", "schedule") ?? ""), Text("Timezone", 0, o => o.String("spec", "timeZone") ?? "<none>"),
            Text("Suspend", 0, o => o.At("spec", "suspend") is JsonValue s && s.GetValue<bool>() ? "True" : "False"),
            new("Active", "integer", 0, (o, _) => (o.At("status", "active") as JsonArray)?.Count ?? 0),
            Text("Last Schedule", 0, _ => "<none>"), Age, .. Workload("spec", "jobTemplate", "spec", "template"),
        ],
        "Lease" => [NameColumn, Text("Holder", 0, o => o.String("spec", "holderIdentity") ?? ""), Age],
        "Event" =>
        [
            new("Last Seen", "string", 0, (o, now) => DateTimeOffset.TryParse(o.String("lastTimestamp") ?? o.String("eventTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? HumanDuration.Of(now - at) : "<unknown>"),
            Text("Type", 0, o => o.String("type") ?? ""),
            Text("Reason", 0, o => o.String("reason") ?? ""),
            Text("Object", 0, o => $"{o.String("involvedObject", "kind")?.ToLowerInvariant()}/{o.String("involvedObject", "name")}"),
            Text("Subobject", 1, o => o.String("involvedObject", "fieldPath") ?? ""),
            Text("Source", 1, o => o.String("source", "component") ?? ""),
            Text("Message", 0, o => o.String("message") ?? ""),
            Text("First Seen", 1, _ => ""),
            Int("Count", "count"),
            NameColumn with { Priority = 1 },
        ],
        "ResourceQuota" =>
        [
            NameColumn, Age,
            Text("Request", 0, o => string.Join(", ", (o.At("status", "hard") as JsonObject ?? [])
                .Where(h => !h.Key.StartsWith("limits.", StringComparison.Ordinal))
                .Select(h => $"{h.Key}: {o.String("status", "used", h.Key) ?? "0"}/{h.Value}"))),
            Text("Limit", 0, o => string.Join(", ", (o.At("status", "hard") as JsonObject ?? [])
                .Where(h => h.Key.StartsWith("limits.", StringComparison.Ordinal))
                .Select(h => $"{h.Key}: {o.String("status", "used", h.Key) ?? "0"}/{h.Value}"))),
        ],
        "Ingress" =>
        [
            NameColumn, Text("Class", 0, o => o.String("spec", "ingressClassName") ?? "<none>"),
            Text("Hosts", 0, o => string.Join(",", (o.At("spec", "rules") as JsonArray ?? []).Select(r => r.String("host") ?? "*")) is { Length: > 0 } h ? h : "*"),
            Text("Address", 0, _ => ""), Text("Ports", 0, o => o.At("spec", "tls") is JsonArray { Count: > 0 } ? "80, 443" : "80"), Age,
        ],
        "ControllerRevision" =>
        [
            NameColumn,
            Text("Controller", 0, o => (o.At("metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>().FirstOrDefault() is { } owner
                ? $"{owner.String("kind")?.ToLowerInvariant()}.{owner.String("apiVersion")?.Split('/')[0]}/{owner.String("name")}" : "<none>"),
            Int("Revision", "revision"), Age,
        ],
        "CustomResourceDefinition" => [NameColumn, Text("Created At", 0, o => o.String("metadata", "creationTimestamp") ?? "")],
        _ => [NameColumn, Age],
    };

    /// <summary>The STATUS column of a pod: the waiting or terminated reason of a container, else the phase.</summary>
    public static string PodStatus(JsonObject pod)
    {
        if (pod.String("metadata", "deletionTimestamp") is not null) return "Terminating";
        var reason = pod.String("status", "reason") ?? pod.String("status", "phase") ?? "Pending";
        foreach (var s in (pod.At("status", "containerStatuses") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (s.String("state", "waiting", "reason") is { Length: > 0 } waiting) reason = waiting;
            else if (s.String("state", "terminated", "reason") is { Length: > 0 } terminated) reason = terminated;
        }
        return reason;
    }
}
