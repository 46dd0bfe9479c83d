using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>Reads what runs: workloads with their containers, images, ready counts and rollout state.</summary>
public sealed class LiveWorkloads(KubeApi api)
{
    public async Task<IReadOnlyList<LiveWorkload>> ListAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        var result = new List<LiveWorkload>();
        foreach (var kind in WorkloadRef.Kinds)
        {
            var list = await api.GetAsync(CollectionPath(kind, @namespace), cancellationToken);
            result.AddRange(Objects(list, "items").Select(item => From(kind, item)));
        }
        return result.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<LiveWorkload?> GetAsync(WorkloadRef workload, CancellationToken cancellationToken = default) =>
        await api.GetAsync(ObjectPath(workload), cancellationToken) is { } json ? From(workload.Kind, json) : null;

    /// <summary>The API path of a workload (<c>kind</c> as in a workload id: deployment, statefulset, daemonset, cronjob).</summary>
    public static string ObjectPath(WorkloadRef workload) => $"{CollectionPath(workload.Kind, workload.Namespace)}/{workload.Name}";

    private static string CollectionPath(string kind, string @namespace) => kind switch
    {
        "deployment" => $"/apis/apps/v1/namespaces/{@namespace}/deployments",
        "statefulset" => $"/apis/apps/v1/namespaces/{@namespace}/statefulsets",
        "daemonset" => $"/apis/apps/v1/namespaces/{@namespace}/daemonsets",
        "cronjob" => $"/apis/batch/v1/namespaces/{@namespace}/cronjobs",
        _ => throw NotAWorkloadKind(kind),
    };

    /// <summary>A live workload from its object as the API serves it.</summary>
    public static LiveWorkload From(string kind, JsonObject workload)
    {
        var id = $"{Text(workload, "metadata", "namespace")}:{kind}/{Text(workload, "metadata", "name")}";
        return kind switch
        {
            "deployment" => new(id, Containers(At(workload, "spec", "template", "spec")), (int)(Number(workload, "status", "readyReplicas") ?? 0),
                (int)(Number(workload, "spec", "replicas") ?? 1), RolloutStatus.OfDeployment(workload)),
            "statefulset" => new(id, Containers(At(workload, "spec", "template", "spec")), (int)(Number(workload, "status", "readyReplicas") ?? 0),
                (int)(Number(workload, "spec", "replicas") ?? 1), RolloutStatus.OfStatefulSet(workload)),
            "daemonset" => new(id, Containers(At(workload, "spec", "template", "spec")), (int)(Number(workload, "status", "numberReady") ?? 0),
                (int)(Number(workload, "status", "desiredNumberScheduled") ?? 0), RolloutStatus.OfDaemonSet(workload)),
            // A CronJob has no rollout: its next Job uses the new template.
            "cronjob" => new(id, Containers(At(workload, "spec", "jobTemplate", "spec", "template", "spec")), 0, 0,
                new RolloutState($"cronjob \"{Text(workload, "metadata", "name")}\" has no rollout; its next job runs the new template", true, null,
                    At(workload, "spec", "suspend")?.GetValueKind() == System.Text.Json.JsonValueKind.True ? "suspended" : $"schedule {Text(workload, "spec", "schedule")}")),
            _ => throw NotAWorkloadKind(kind),
        };
    }

    private static ArgumentException NotAWorkloadKind(string kind) =>
        new($"{kind} is not a workload kind Pipelines releases ({string.Join(", ", WorkloadRef.Kinds)}).");

    private static IReadOnlyList<LiveContainer> Containers(JsonNode? podSpec) =>
        Objects(podSpec, "initContainers").Select(c => new LiveContainer(Text(c, "name") ?? "", Text(c, "image") ?? "", true))
            .Concat(Objects(podSpec, "containers").Select(c => new LiveContainer(Text(c, "name") ?? "", Text(c, "image") ?? "", false))).ToList();
}
