using k8s;

namespace Pipelines.Server.Election;

/// <summary>
/// Leader election between Watch replicas with a coordination.k8s.io/v1 Lease, timed as Kubernetes' own controllers
/// are by default: a leader that has not renewed for <see cref="LeaseDuration"/> (judged by each follower's own clock
/// from when it last saw the Lease change) is replaced.
/// </summary>
public sealed record LeaderElectionOptions(IKubernetes Client, string Namespace, string Name, string Identity)
{
    public const string DefaultLeaseName = "pipelines-watch";

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up leading when it could not renew for this long (before anyone may take over).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often followers try to take the Lease and the leader renews it.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>This replica's identity in the Lease: the pod's name (the host name in a cluster) and a random suffix.</summary>
    public static string IdentityForThisProcess() => $"{Environment.MachineName}_{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The namespace a pod runs in (from its service account), else <c>default</c>.</summary>
    public static string NamespaceOfThisPod()
    {
        const string file = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(file) ? File.ReadAllText(file).Trim() : "default";
    }
}
