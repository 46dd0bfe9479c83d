namespace Pipelines.Documents;

/// <summary>ListServices: a row per live container; with a config repo, its policy, the newest allowed image and rejections.</summary>
public sealed record ServiceListDocument(IReadOnlyList<ServiceRowJson> Items) : ResultList<ServiceRowJson>(Items)
{
    public override string Kind => "ServiceList";
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
public sealed record PolicyJson(bool Automated, bool Locked, string? LockedBy, string? LockedMessage, string? TagFilter);

/// <summary>An image a rollback rejected: in which release, by whom, in which commit.</summary>
public sealed record RejectionJson(string Image, string Release, string By, string Commit);
