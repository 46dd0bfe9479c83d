using k8s;
using k8s.Models;

namespace Pipelines.Kubernetes;

/// <summary>
/// Why a workload's pods are not ready, from their containers' waiting and terminated states
/// (ImagePullBackOff, CrashLoopBackOff…): the part of <c>kubectl describe</c> a failed release needs.
/// </summary>
public static class PodProblems
{
    public static async Task<string> DescribeAsync(IKubernetes client, WorkloadRef workload, CancellationToken cancellationToken = default)
    {
        var selector = await SelectorAsync(client, workload, cancellationToken);
        if (selector is null) return "";
        var pods = await client.CoreV1.ListNamespacedPodAsync(workload.Namespace, labelSelector: selector, cancellationToken: cancellationToken);
        var problems = Of(pods.Items);
        return problems.Count == 0 ? "" : ": " + string.Join("; ", problems);
    }

    /// <summary>One line per distinct problem: <c>pod/front-end-5d8-x2: front-end ImagePullBackOff (Back-off pulling image …)</c>.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<V1Pod> pods) =>
        pods.SelectMany(pod => (pod.Status?.ContainerStatuses ?? []).Concat(pod.Status?.InitContainerStatuses ?? [])
                .Select(status => Problem(status) is { } problem ? (Pod: pod.Metadata.Name, Problem: $"{status.Name} {problem}") : default))
            .Where(p => p.Problem is not null)
            .GroupBy(p => p.Problem)
            .Select(g => $"pod/{g.First().Pod}: {g.Key}" + (g.Count() > 1 ? $" (and {g.Count() - 1} more pods)" : ""))
            .Take(5)
            .ToList();

    private static string? Problem(V1ContainerStatus status)
    {
        if (status.State?.Waiting is { Reason: { } reason } waiting && reason is not "ContainerCreating" and not "PodInitializing")
        {
            return string.IsNullOrEmpty(waiting.Message) ? reason : $"{reason} ({waiting.Message})";
        }
        if (status.State?.Terminated is { ExitCode: not 0 } terminated)
        {
            return $"{terminated.Reason ?? "Error"} (exit code {terminated.ExitCode})";
        }
        return null;
    }

    /// <summary>The pod selector of a live workload, to find its pods.</summary>
    public static string? Selector(V1LabelSelector? selector) =>
        selector?.MatchLabels is { Count: > 0 } labels ? string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) : null;

    private static async Task<string?> SelectorAsync(IKubernetes client, WorkloadRef workload, CancellationToken cancellationToken) => workload.Kind switch
    {
        "deployment" => Selector((await client.AppsV1.ReadNamespacedDeploymentAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken)).Spec.Selector),
        "statefulset" => Selector((await client.AppsV1.ReadNamespacedStatefulSetAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken)).Spec.Selector),
        "daemonset" => Selector((await client.AppsV1.ReadNamespacedDaemonSetAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken)).Spec.Selector),
        _ => null,
    };
}
