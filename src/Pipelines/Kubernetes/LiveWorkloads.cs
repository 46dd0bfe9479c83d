using Pipelines.Manifests;
using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>Reads what runs: workloads (every kind of <see cref="WorkloadKinds"/>) with their containers, images, ready counts and rollout state.</summary>
public sealed class LiveWorkloads(KubeApi api)
{
    /// <summary>
    /// The workloads of a namespace. Objects a controller owns (a Deployment's ReplicaSets, their pods, a CronJob's Jobs)
    /// are parts of that workload, not workloads of their own, so they are left out.
    /// </summary>
    public async Task<IReadOnlyList<LiveWorkload>> ListAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        var result = new List<LiveWorkload>();
        var owners = new List<(LiveWorkload Workload, JsonObject Object)>();
        foreach (var kind in WorkloadKinds.All)
        {
            var list = await api.GetAsync(kind.CollectionPath(@namespace), cancellationToken);
            owners.AddRange(Objects(list, "items").Where(item => !Objects(item, "metadata", "ownerReferences").Any(o => At(o, "controller") is JsonValue c && c.GetValueKind() == System.Text.Json.JsonValueKind.True))
                .Select(item => (From(kind.Id, item), item)));
        }
        // One list of the namespace's pods, so that a pod that cannot pull its image shows on its workload (issue 24: READY 3/3 hid it).
        var pods = owners.Count == 0 ? [] : Objects(await api.GetAsync($"/api/v1/namespaces/{@namespace}/pods", cancellationToken), "items").ToList();
        foreach (var (workload, item) in owners)
        {
            var troubles = PodTrouble.Of(pods.Where(pod => PodSelector.Selects(item, pod))).Select(t => t.Text).Distinct().ToList();
            result.Add(troubles.Count == 0 ? workload : workload with { Troubles = troubles });
        }
        return result.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<LiveWorkload?> GetAsync(WorkloadRef workload, CancellationToken cancellationToken = default) =>
        await api.GetAsync(ObjectPath(workload), cancellationToken) is { } json ? From(workload.Kind, json) : null;

    /// <summary>The API path of a workload (<c>kind</c> as in a workload id: deployment, statefulset, daemonset, cronjob…).</summary>
    public static string ObjectPath(WorkloadRef workload) => $"{WorkloadKinds.Get(workload.Kind).CollectionPath(workload.Namespace)}/{workload.Name}";

    /// <summary>A live workload from its object as the API serves it.</summary>
    public static LiveWorkload From(string kind, JsonObject workload)
    {
        var id = $"{Text(workload, "metadata", "namespace")}:{kind}/{Text(workload, "metadata", "name")}";
        var podSpec = At(workload, WorkloadKinds.Get(kind).PodSpecPath);
        return kind switch
        {
            "deployment" => new(id, Containers(podSpec), (int)(Number(workload, "status", "readyReplicas") ?? 0),
                (int)(Number(workload, "spec", "replicas") ?? 1), RolloutStatus.OfDeployment(workload)),
            "statefulset" => new(id, Containers(podSpec), (int)(Number(workload, "status", "readyReplicas") ?? 0),
                (int)(Number(workload, "spec", "replicas") ?? 1), RolloutStatus.OfStatefulSet(workload)),
            "daemonset" => new(id, Containers(podSpec), (int)(Number(workload, "status", "numberReady") ?? 0),
                (int)(Number(workload, "status", "desiredNumberScheduled") ?? 0), RolloutStatus.OfDaemonSet(workload)),
            // A CronJob has no rollout: its next Job uses the new template.
            "cronjob" => new(id, Containers(podSpec), 0, 0,
                new RolloutState($"cronjob \"{Text(workload, "metadata", "name")}\" has no rollout; its next job runs the new template", true, null,
                    At(workload, "spec", "suspend")?.GetValueKind() == System.Text.Json.JsonValueKind.True ? "suspended" : $"schedule {Text(workload, "spec", "schedule")}")),
            "replicaset" => new(id, Containers(podSpec), (int)(Number(workload, "status", "readyReplicas") ?? 0),
                (int)(Number(workload, "spec", "replicas") ?? 1), RolloutStatus.OfReplicaSet(workload)),
            "job" => new(id, Containers(podSpec), (int)(Number(workload, "status", "ready") ?? Number(workload, "status", "active") ?? 0),
                (int)(Number(workload, "spec", "parallelism") ?? 1), RolloutStatus.OfJob(workload)),
            "pod" => new(id, Containers(podSpec),
                Objects(workload, "status", "conditions").Any(c => Text(c, "type") == "Ready" && Text(c, "status") == "True") ? 1 : 0, 1, RolloutStatus.OfPod(workload)),
            _ => throw new ArgumentException($"{kind} is not a workload kind Pipelines releases ({string.Join(", ", WorkloadRef.Kinds)})."),
        };
    }

    private static IReadOnlyList<LiveContainer> Containers(JsonNode? podSpec) =>
        Objects(podSpec, "initContainers").Select(c => new LiveContainer(Text(c, "name") ?? "", Text(c, "image") ?? "", true))
            .Concat(Objects(podSpec, "containers").Select(c => new LiveContainer(Text(c, "name") ?? "", Text(c, "image") ?? "", false))).ToList();
}
