using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Pipelines.Kubernetes;

/// <summary>Reads what runs: workloads with their containers, images, ready counts and rollout state.</summary>
public sealed class LiveWorkloads(IKubernetes client)
{
    public async Task<IReadOnlyList<LiveWorkload>> ListAsync(string @namespace, CancellationToken cancellationToken = default)
    {
        var result = new List<LiveWorkload>();
        result.AddRange((await client.AppsV1.ListNamespacedDeploymentAsync(@namespace, cancellationToken: cancellationToken)).Items.Select(From));
        result.AddRange((await client.AppsV1.ListNamespacedStatefulSetAsync(@namespace, cancellationToken: cancellationToken)).Items.Select(From));
        result.AddRange((await client.AppsV1.ListNamespacedDaemonSetAsync(@namespace, cancellationToken: cancellationToken)).Items.Select(From));
        result.AddRange((await client.BatchV1.ListNamespacedCronJobAsync(@namespace, cancellationToken: cancellationToken)).Items.Select(From));
        return result.OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<LiveWorkload?> GetAsync(WorkloadRef workload, CancellationToken cancellationToken = default)
    {
        try
        {
            return workload.Kind switch
            {
                "deployment" => From(await client.AppsV1.ReadNamespacedDeploymentAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken)),
                "statefulset" => From(await client.AppsV1.ReadNamespacedStatefulSetAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken)),
                "daemonset" => From(await client.AppsV1.ReadNamespacedDaemonSetAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken)),
                "cronjob" => From(await client.BatchV1.ReadNamespacedCronJobAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken)),
                _ => throw new ArgumentException($"{workload.Id}: {workload.Kind} is not a workload kind Pipelines releases ({string.Join(", ", WorkloadRef.Kinds)})."),
            };
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The pod selector of a live workload, to find its pods when a rollout fails.</summary>
    public static string? Selector(V1LabelSelector? selector) =>
        selector?.MatchLabels is { Count: > 0 } labels ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) : null;

    internal static LiveWorkload From(V1Deployment d) =>
        new(Id(d.Metadata, "deployment"), Containers(d.Spec.Template.Spec), d.Status?.ReadyReplicas ?? 0, d.Spec.Replicas ?? 1, RolloutStatus.Of(d));

    internal static LiveWorkload From(V1StatefulSet s) =>
        new(Id(s.Metadata, "statefulset"), Containers(s.Spec.Template.Spec), s.Status?.ReadyReplicas ?? 0, s.Spec.Replicas ?? 1, RolloutStatus.Of(s));

    internal static LiveWorkload From(V1DaemonSet d) =>
        new(Id(d.Metadata, "daemonset"), Containers(d.Spec.Template.Spec), d.Status?.NumberReady ?? 0, d.Status?.DesiredNumberScheduled ?? 0, RolloutStatus.Of(d));

    // A CronJob has no rollout: its next Job uses the new template.
    internal static LiveWorkload From(V1CronJob c) =>
        new(Id(c.Metadata, "cronjob"), Containers(c.Spec.JobTemplate.Spec.Template.Spec), 0, 0,
            new RolloutState($"cronjob \"{c.Metadata.Name}\" has no rollout; its next job runs the new template", true, null, c.Spec.Suspend == true ? "suspended" : $"schedule {c.Spec.Schedule}"));

    private static string Id(V1ObjectMeta metadata, string kind) => $"{metadata.NamespaceProperty}:{kind}/{metadata.Name}";

    private static IReadOnlyList<LiveContainer> Containers(V1PodSpec spec) =>
        (spec.InitContainers ?? []).Select(c => new LiveContainer(c.Name, c.Image, true))
            .Concat(spec.Containers.Select(c => new LiveContainer(c.Name, c.Image, false))).ToList();
}
