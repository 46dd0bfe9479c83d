using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Locking;
using Pipelines.Registry;

namespace Pipelines.ReleaseManager;

/// <summary>
/// Where the release manager's operations read and write: the config repo, the global lock, the clusters and
/// the registry. The targets build it from their parameters; the Watch service from its own, once.
/// </summary>
public sealed record ReleaseManagerSettings
{
    /// <summary>Opens the config repo (cheap: the object cache on disk is shared between opens).</summary>
    public required Func<ConfigRepository> OpenRepository { get; init; }

    public required Func<ConfigRepository, IGlobalLock> OpenLock { get; init; }

    /// <summary>The cluster of an environment to apply to; null with <c>--apply false</c> (a GitOps agent applies).</summary>
    public Func<EnvironmentConfig, IEnvironmentCluster>? OpenCluster { get; init; }

    /// <summary>The cluster of an environment to read from (Promote reads its source's rollouts), even with <c>--apply false</c>;
    /// null when no cluster can be named at all.</summary>
    public Func<EnvironmentConfig, IEnvironmentCluster>? ReadCluster { get; init; }

    public required RegistryOptions Registry { get; init; }

    /// <summary>How long each rollout is waited for (<c>--rollout-timeout</c>); the cluster waits, the report says it.</summary>
    public TimeSpan RolloutTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Told of every operation that committed or whose rollout failed (<c>--notify-url</c>); must return at once.</summary>
    public Action<Notifications.ReleaseNotice>? Notify { get; init; }

    /// <summary>The time release windows are judged by.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
