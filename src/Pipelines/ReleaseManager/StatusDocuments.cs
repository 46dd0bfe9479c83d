using Pipelines.Config;
using Pipelines.Documents;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>Environments, services and their images as result documents (docs/json.md): ListServices, ListImages --service and the Watch API.</summary>
public static class StatusDocuments
{
    public static ServiceListDocument ServiceList(IReadOnlyList<ServiceRow> rows, bool withPolicy) => new(rows.Select(r => new ServiceRowJson(
        r.Workload,
        r.Container,
        r.Image,
        r.Pods?.Ready,
        r.Pods?.Desired,
        withPolicy ? r.Available : null,
        withPolicy && r.PolicyValues is { } policy ? Policy(policy, r.Container) : null,
        withPolicy ? r.Rejected.Select(ReleaseDocuments.Rejection).ToList() : null)).ToList());

    /// <param name="container">For one container: with its own tag filter; null for a whole workload.</param>
    public static PolicyJson Policy(WorkloadPolicy policy, string? container) =>
        new(policy.Automated, policy.Locked, policy.LockedBy, policy.LockedMessage, container is null ? null : policy.TagFilters.GetValueOrDefault(container));

    public static ContainerImagesDocument ContainerImages(IReadOnlyList<ContainerImages> containers) => new(containers.Select(c => new ContainerImagesJson(
        c.Environment, c.Workload, c.Container, c.Repository, c.Running, c.TagFilter, c.Total,
        c.Shown.Select(i => new ImageChoiceJson(i.Image.Tag, i.Image.Digest.ToString(), i.Image.Created?.UtcDateTime, i.Running, i.Allowed,
            i.Rejected?.Release)).ToList())).ToList());

    /// <param name="now">The time the release windows are judged at.</param>
    public static EnvironmentListDocument EnvironmentList(IEnumerable<EnvironmentConfig> environments, DateTimeOffset now) => new(environments.Select(e =>
        new EnvironmentJson(e.Name, e.Path, e.Namespace, e.Automation.ToString().ToLowerInvariant(), e.TagFilter, e.PromoteFrom,
            e.Windows.Windows.Select(w => new WindowJson(w.Allow ? "allow" : "deny", w.Spec, w.Zone.Id)).ToList(),
            e.Windows.IsOpen(now), e.Windows.IsOpen(now) ? null : e.Windows.NextOpen(now))).ToList());

    /// <param name="moreProblems">What the answer adds to the status's own problems (that it is stale).</param>
    public static EnvironmentServicesDocument EnvironmentServices(EnvironmentStatus status, IEnumerable<string> moreProblems) =>
        new(status.Environment, status.Commit, status.Problems.Concat(moreProblems).ToList(), status.Services.Select(Service).ToList());

    public static ServiceDocument Service(ServiceStatus service, IReadOnlyList<string> problems)
    {
        var s = Service(service);
        return new(s.Workload, s.WorkloadKind, s.Namespace, s.Name, s.File, s.Ready, s.Rollout, s.HasUpdate, s.Policy, s.Containers, problems);
    }

    private static ServiceStatusJson Service(ServiceStatus service) => new(
        service.Workload.Id, service.Workload.Kind, service.Workload.Namespace, service.Workload.Name, service.Workload.File, service.Ready, service.Rollout,
        service.HasUpdate, Policy(service.Policy, container: null),
        service.Containers.Select(c => new ContainerStatusJson(c.Name, c.Desired, c.Live, c.TagFilter, c.Newest,
            c.Rejected.Select(ReleaseDocuments.Rejection).ToList(), c.PassedOver?.SkipReason)).ToList());
}
