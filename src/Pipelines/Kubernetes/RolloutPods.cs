using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>
/// The pods of a rollout's new revision (a Deployment's newest ReplicaSet, a StatefulSet's update revision, pods of the
/// DaemonSet's current images, a Pod itself), and the warning events about them and their controllers: what a failed or
/// stuck rollout's reason is made of. Reads only; events that cannot be read (not served, or not allowed) are left out.
/// </summary>
internal sealed class RolloutPods(KubeApi api)
{
    public async Task<IReadOnlyList<JsonObject>> NewRevisionAsync(WorkloadRef workload, JsonObject live, CancellationToken cancellationToken = default)
    {
        var ns = workload.Namespace;
        var selector = At(live, "spec", "selector");
        switch (workload.Kind)
        {
            case "pod":
                return [live];
            case "deployment":
                var revision = Text(live, "metadata", "annotations", RolloutUndo.RevisionAnnotation);
                if (revision is null || LabelSelectorText.Of(selector) is not { } deploymentSelector) return [];
                var sets = await ListAsync($"/apis/apps/v1/namespaces/{ns}/replicasets", deploymentSelector, cancellationToken);
                var newest = sets.FirstOrDefault(rs => OwnedBy(rs, live) && Text(rs, "metadata", "annotations", RolloutUndo.RevisionAnnotation) == revision);
                return newest is null ? [] : (await PodsAsync(ns, selector, cancellationToken)).Where(p => OwnedBy(p, newest)).ToList();
            case "statefulset":
                return Text(live, "status", "updateRevision") is { } update
                    ? (await PodsAsync(ns, selector, cancellationToken, ("controller-revision-hash", update))).Where(p => OwnedBy(p, live)).ToList()
                    : [];
            case "daemonset":
                var images = Objects(live, "spec", "template", "spec", "containers").Select(c => Text(c, "image")).ToList();
                return (await PodsAsync(ns, selector, cancellationToken)).Where(p => OwnedBy(p, live)
                    && Objects(p, "spec", "containers").Select(c => Text(c, "image")).SequenceEqual(images)).ToList();
            case "replicaset":
                return (await PodsAsync(ns, selector, cancellationToken)).Where(p => OwnedBy(p, live)).ToList();
            default:
                return [];
        }
    }

    /// <summary>
    /// Warning events (FailedCreate, FailedScheduling, Unhealthy, BackOff, Failed…) about the workload, its ReplicaSets
    /// and the given pods, newest first, one line per distinct reason and message.
    /// </summary>
    public async Task<IReadOnlyList<string>> WarningsAsync(WorkloadRef workload, JsonObject live, IReadOnlyList<JsonObject> pods, CancellationToken cancellationToken = default)
    {
        JsonObject? events;
        try
        {
            events = await api.GetAsync($"/api/v1/namespaces/{workload.Namespace}/events?fieldSelector={Uri.EscapeDataString("type=Warning")}&limit=500", cancellationToken);
        }
        catch (KubeApiException e) when (e.Status is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.BadRequest)
        {
            return [];
        }
        var names = pods.Select(p => Text(p, "metadata", "name")).Append(workload.Name).ToHashSet(StringComparer.Ordinal);
        var ownName = workload.Name + "-";   // the workload's ReplicaSets and pods are named after it
        return Objects(events, "items")
            .Where(e => Text(e, "involvedObject", "name") is { } name && (names.Contains(name) || name.StartsWith(ownName, StringComparison.Ordinal)))
            .OrderByDescending(e => Text(e, "lastTimestamp") ?? Text(e, "eventTime") ?? "")
            .Select(e => $"{Text(e, "reason")}: {Text(e, "message")?.Trim()}")
            .Distinct()
            .Take(3)
            .ToList();
    }

    /// <summary>The reason a rollout failed or is stuck: what its new pods show, then the warnings about them.</summary>
    public async Task<string> DescribeAsync(WorkloadRef workload, JsonObject? live, CancellationToken cancellationToken = default)
    {
        if (live is null) return "";
        var pods = await NewRevisionAsync(workload, live, cancellationToken);
        var troubles = PodTrouble.Of(pods).GroupBy(t => t.Reason + t.Message).Select(g => g.First().Text + (g.Count() > 1 ? $" (and {g.Count() - 1} more)" : "")).Take(5);
        var conditions = Objects(live, "status", "conditions").Where(c => Text(c, "type") == "ReplicaFailure" && Text(c, "status") == "True")
            .Select(c => $"{Text(c, "reason")}: {Text(c, "message")}");
        var warnings = await WarningsAsync(workload, live, pods, cancellationToken);
        var parts = troubles.Concat(conditions).Concat(warnings.Select(w => "event " + w)).Distinct().ToList();
        return parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
    }

    private async Task<IReadOnlyList<JsonObject>> PodsAsync(string ns, JsonNode? selector, CancellationToken cancellationToken, params (string, string)[] extra) =>
        LabelSelectorText.Of(selector, extra) is { } text ? await ListAsync($"/api/v1/namespaces/{ns}/pods", text, cancellationToken) : [];

    private async Task<IReadOnlyList<JsonObject>> ListAsync(string path, string selector, CancellationToken cancellationToken) =>
        Objects(await api.GetAsync($"{path}?labelSelector={Uri.EscapeDataString(selector)}", cancellationToken), "items").ToList();

    private static bool OwnedBy(JsonObject dependent, JsonObject owner) =>
        Objects(dependent, "metadata", "ownerReferences").Any(o => Text(o, "uid") == Text(owner, "metadata", "uid"));
}
