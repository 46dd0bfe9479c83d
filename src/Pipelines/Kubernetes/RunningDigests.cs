using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>
/// The image digest each container of a workload runs, read from its pods' <c>status.containerStatuses[].imageID</c>
/// (<c>registry/repo@sha256:…</c>): what the kubelet pulled, whatever the tag says now. Promote uses it when the config
/// repo names a tag without a digest, so that it still promotes the bytes the source ran.
/// </summary>
internal static class RunningDigests
{
    /// <summary>Container name → digest, for containers whose ready pods all report one and the same repository digest.
    /// A container still rolling out (ready pods disagree), with no ready pod, or reporting a local image id (<c>sha256:…</c>
    /// alone) is left out. Pods being deleted or not ready serve nothing: an old replica set's pod stays for its grace
    /// period after a rollout is done, and must not make what runs unknown.</summary>
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<JsonObject> pods)
    {
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var serving = pods.Where(pod => Text(pod, "metadata", "deletionTimestamp") is null && IsReady(pod));
        foreach (var status in serving.SelectMany(pod => Objects(pod, "status", "containerStatuses").Concat(Objects(pod, "status", "initContainerStatuses"))))
        {
            if (Text(status, "name") is not { } name) continue;
            var digests = seen.TryGetValue(name, out var set) ? set : seen[name] = [];
            var imageId = Text(status, "imageID") ?? "";
            var at = imageId.LastIndexOf("@sha256:", StringComparison.Ordinal);
            // Not running yet (no id) makes the answer unknown, as a second digest does.
            digests.Add(at < 0 ? "" : imageId[(at + 1)..]);
        }
        return seen.Where(s => s.Value.Count == 1 && s.Value.Single().Length > 0).ToDictionary(s => s.Key, s => s.Value.Single(), StringComparer.Ordinal);
    }

    private static bool IsReady(JsonObject pod) =>
        Objects(pod, "status", "conditions").Any(c => Text(c, "type") == "Ready" && Text(c, "status") == "True");

    /// <summary>A label selector for <c>?labelSelector=</c> from a workload's <c>spec.selector.matchLabels</c>; null when it has none.</summary>
    public static string? SelectorOf(JsonObject workload) =>
        At(workload, "spec", "selector", "matchLabels") is JsonObject labels && labels.Count > 0
            ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}"))
            : null;
}
