namespace Pipelines.Kubernetes;

/// <summary>
/// The order objects are applied in, so that what a kind needs exists first: namespaces, CRDs, the policies that
/// constrain pods (quotas, limit ranges: a pod created before its quota escapes it), service accounts and RBAC, config
/// and secrets, services, then workloads; anything else after, and deletions (prune) in the reverse order.
/// </summary>
internal static class ApplyOrder
{
    private static readonly string[] Kinds =
    [
        "Namespace", "CustomResourceDefinition", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodDisruptionBudget", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
        "ConfigMap", "Secret", "PersistentVolumeClaim", "Service",
        "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod",
    ];

    /// <summary>Lower runs earlier. Kinds not listed run after the listed ones, in their given order.</summary>
    public static int Rank(string kind)
    {
        var index = Array.IndexOf(Kinds, kind);
        return index < 0 ? Kinds.Length : index;
    }

    public static IReadOnlyList<T> Sort<T>(IEnumerable<T> objects, Func<T, string> kindOf) =>
        objects.Select((o, i) => (o, i)).OrderBy(x => Rank(kindOf(x.o))).ThenBy(x => x.i).Select(x => x.o).ToList();
}
