using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Documents;

/// <summary>ListServices: a row per live container; with a config repo, its policy, the newest allowed image and rejections.</summary>
public sealed record ServiceListDocument(IReadOnlyList<ServiceRowJson> Items) : ResultList<ServiceRowJson>(Items)
{
    public override string Kind => "ServiceList";

    public static ServiceListDocument Of(IReadOnlyList<ServiceRow> rows, bool withPolicy) => new(rows.Select(r => new ServiceRowJson(
        r.Workload,
        r.Container,
        r.Image,
        r.Pods?.Ready,
        r.Pods?.Desired,
        withPolicy ? r.Available : null,
        withPolicy && r.PolicyValues is { } policy ? PolicyJson.Of(policy, r.Container) : null,
        withPolicy ? r.Rejected.Select(RejectionJson.Of).ToList() : null)).ToList());
}

/// <param name="Ready">Pods ready; null for a CronJob.</param>
/// <param name="Desired">Pods wanted; null for a CronJob.</param>
/// <param name="Available">The newest image the policy allows when that is an update; null when up to date, unknown or without a config repo.</param>
/// <param name="Policy">Null when the config repo does not have the workload, or none was read.</param>
/// <param name="Rejected">Images of the container's repository rolled back in the environment; null without a config repo.</param>
public sealed record ServiceRowJson(
    string Workload, string Container, string Image, int? Ready, int? Desired, string? Available, PolicyJson? Policy, IReadOnlyList<RejectionJson>? Rejected);

/// <summary>What a release of the workload respects.</summary>
/// <param name="TagFilter">For one container: its own tag filter (<c>semver:~1.2</c>, <c>glob:main-*</c>…), null when it has none;
/// for a whole workload, null (each container says its own).</param>
public sealed record PolicyJson(bool Automated, bool Locked, string? LockedBy, string? LockedMessage, string? TagFilter)
{
    public static PolicyJson Of(Manifests.WorkloadPolicy policy, string? container) =>
        new(policy.Automated, policy.Locked, policy.LockedBy, policy.LockedMessage, container is null ? null : policy.TagFilters.GetValueOrDefault(container));
}

/// <summary>An image a rollback rejected: in which release, by whom, in which commit.</summary>
public sealed record RejectionJson(string Image, string Release, string By, string Commit)
{
    public static RejectionJson Of(Rejection rejection) => new(rejection.Image, rejection.Release, rejection.By, rejection.Commit);
}
