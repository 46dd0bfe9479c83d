namespace Pipelines.Documents;

/// <summary>The Watch API's environments, as pipelines.yaml declares them.</summary>
public sealed record EnvironmentListDocument(IReadOnlyList<EnvironmentJson> Items) : ResultList<EnvironmentJson>(Items)
{
    public override string Kind => "EnvironmentList";
}

/// <param name="Automation"><c>manual</c> or <c>automatic</c>.</param>
/// <param name="PromoteFrom">The environment Promote takes releases from; null when none.</param>
/// <param name="Windows">Its release windows (<c>windows:</c>); empty: automation and promotion may act at any time.</param>
/// <param name="WindowOpen">Whether automation and promotion may act now.</param>
/// <param name="OpensAt">While closed, when the windows next open; null while open, or when they never do within a year.</param>
public sealed record EnvironmentJson(string Name, string Path, string? Namespace, [property: OneOf("automatic", "manual")] string Automation, string? TagFilter,
    string? PromoteFrom, IReadOnlyList<WindowJson> Windows, bool WindowOpen, DateTimeOffset? OpensAt);

/// <param name="Spec">Days and hours, as written: <c>Mon-Thu 09:00-16:00</c>.</param>
public sealed record WindowJson([property: OneOf("allow", "deny")] string Kind, string Spec, string TimeZone);

/// <summary>An environment's services as the Watch API and the console see them: desired, live and available images per container.</summary>
/// <param name="Commit">The config repo commit read.</param>
/// <param name="Problems">What could not be read, in words (a stale answer says so here too).</param>
public sealed record EnvironmentServicesDocument(string Environment, string? Commit, IReadOnlyList<string> Problems, IReadOnlyList<ServiceStatusJson> Services)
    : ResultDocument
{
    public override string Kind => "EnvironmentServices";
}

/// <summary>One service of an environment: the fields of its row in <see cref="EnvironmentServicesDocument"/>, and the environment's problems.</summary>
public sealed record ServiceDocument(string Workload, string WorkloadKind, string Namespace, string Name, string File, string? Ready, string? Rollout,
    bool HasUpdate, PolicyJson Policy, IReadOnlyList<ContainerStatusJson> Containers, IReadOnlyList<string> Problems) : ResultDocument
{
    public override string Kind => "Service";
}

/// <param name="WorkloadKind">Deployment, StatefulSet, DaemonSet or CronJob.</param>
/// <param name="File">The manifest's path in the config repo.</param>
/// <param name="Ready">Pods ready/desired (<c>2/3</c>); null when the cluster was not read or does not run it.</param>
/// <param name="Rollout">The live rollout's state in words; null when the cluster was not read.</param>
/// <param name="HasUpdate">Whether a container has a newer image its policy allows.</param>
public sealed record ServiceStatusJson(string Workload, string WorkloadKind, string Namespace, string Name, string File, string? Ready, string? Rollout,
    bool HasUpdate, PolicyJson Policy, IReadOnlyList<ContainerStatusJson> Containers);

/// <param name="Desired">The config repo's image.</param>
/// <param name="Live">The running image; null when not read.</param>
/// <param name="TagFilter">The filter in force for the container (its own or the environment's).</param>
/// <param name="Newest">The newest image the filter allows when that is an update; null when up to date.</param>
/// <param name="PassedOver">Why a newer image is not offered (rejected in a rollback); null when none is passed over.</param>
public sealed record ContainerStatusJson(string Name, string Desired, string? Live, string TagFilter, string? Newest, IReadOnlyList<RejectionJson> Rejected,
    string? PassedOver);
