using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Reporting;

namespace Pipelines.ReleaseManager;

/// <summary>
/// An environment's services, joined from what was read of it (pure: desired state, live state and registry facts in, one
/// <see cref="EnvironmentStatus"/> out): the API and the web UI show its <see cref="EnvironmentStatus.Services"/>, ListServices its
/// <see cref="EnvironmentStatus.Running"/> rows, as text or JSON.
/// </summary>
public static class ServiceListing
{
    /// <param name="live">The live workloads of the environment's namespaces, in the cluster's order; null when the cluster was not read.</param>
    /// <param name="problems">What could not be read, in words; a tag filter that cannot be used adds its own.</param>
    public static EnvironmentStatus Of(EnvironmentConfig environment, string? commit, EnvironmentScan scan, IReadOnlyList<LiveWorkload>? live,
        Func<string, IReadOnlyList<TaggedImage>?> tagsOf, Rejections rejections, IEnumerable<string> problems)
    {
        var listed = new List<string>(problems);
        var liveById = new Dictionary<string, LiveWorkload>(StringComparer.Ordinal);
        foreach (var workload in live ?? []) liveById[workload.Id] = workload;

        var services = new List<ServiceStatus>();
        var policyFailures = new Dictionary<string, TagPolicyException>(StringComparer.Ordinal);
        foreach (var workload in scan.Workloads)
        {
            var policy = WorkloadPolicy.Of(workload, environment);
            IReadOnlyList<ContainerAvailability> available;
            try
            {
                available = AvailableImage.ForWorkload(workload, environment, tagsOf, rejections);
            }
            catch (TagPolicyException e)
            {
                listed.Add($"{workload.Id}: {e.Message}");
                policyFailures.TryAdd(workload.Id, e);
                available = workload.Containers.Select(c => new ContainerAvailability(c.Name, c.Image, null, policy.TagFilterFor(c.Name, environment))).ToList();
            }
            var running = liveById.GetValueOrDefault(workload.Id);
            var containers = available.Select(a => new ContainerStatus(a.Container, a.Current,
                running?.Containers.FirstOrDefault(c => c.Name == a.Container)?.Image, a.TagFilter, a.HasUpdate ? a.Newest : null,
                rejections.OfRepository(a.Current), a.PassedOver)).ToList();
            services.Add(new ServiceStatus(workload, policy, containers, running is null ? null : $"{running.Ready}/{running.Desired}", running?.Rollout.Message)
            {
                Troubles = running?.Troubles ?? [],
                RolloutFailed = running?.Rollout.Failed ?? false,
                RolloutDone = running?.Rollout.Done ?? false,
            });
        }

        var byId = new Dictionary<string, ServiceStatus>(StringComparer.Ordinal);
        foreach (var service in services) byId.TryAdd(service.Workload.Id, service);
        var rows = new List<ServiceRow>();
        TagPolicyException? policyFailure = null;
        foreach (var workload in live ?? [])
        {
            var service = byId.GetValueOrDefault(workload.Id);
            if (service is not null && policyFailure is null) policyFailure = policyFailures.GetValueOrDefault(workload.Id);
            rows.AddRange(Rows(workload, service, rejections));
        }
        return new EnvironmentStatus(environment.Name, commit, services, listed) { Running = rows, Warnings = scan.Warnings, PolicyFailure = policyFailure };
    }

    /// <summary>The rows of live workloads no config repo is asked about (ListServices without <c>--environment</c>).</summary>
    public static IReadOnlyList<ServiceRow> Rows(IReadOnlyList<LiveWorkload> live) => live.SelectMany(w => Rows(w, null, Rejections.None)).ToList();

    /// <summary><c>automated, locked by alice: audit, front-end=semver:~0.3</c>: what a release of this workload would respect.</summary>
    public static string Describe(WorkloadPolicy policy, Workload workload)
    {
        var parts = new List<string> { policy.Automated ? "automated" : "manual" };
        if (policy.Locked) parts.Add($"locked by {policy.LockedBy ?? "someone"}" + (policy.LockedMessage is null ? "" : $": {policy.LockedMessage}"));
        parts.AddRange(policy.TagFilters.Where(t => workload.Containers.Any(c => c.Name == t.Key)).Select(t => $"{t.Key}={t.Value}"));
        return string.Join(", ", parts);
    }

    /// <summary>ListServices' table: SERVICE, CONTAINER, IMAGE, READY, and with a config repo RELEASE and POLICY.</summary>
    /// <param name="width">The widest a line may be (the terminal's); <see cref="TextTable.Unlimited"/> for none.</param>
    public static IEnumerable<string> Text(IReadOnlyList<ServiceRow> rows, bool withPolicy, OutputFormat output = OutputFormat.Text, int width = TextTable.Unlimited)
    {
        var images = ImageText.For(rows.SelectMany(r => new[] { r.Image, r.Available }), output);
        var table = new List<string[]> { withPolicy ? ["SERVICE", "CONTAINER", "IMAGE", "RELEASE", "READY", "POLICY"] : ["SERVICE", "CONTAINER", "IMAGE", "READY"] };
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var first = i == 0 || rows[i - 1].Workload != r.Workload;
            var rejected = r.Rejected.Count == 0 ? "" : (first && r.Policy is not null ? ", " : "") + "rejected " + string.Join(" ", r.Rejected.Select(x => x.Tag));
            table.Add(withPolicy
                ? [first ? r.Workload : "", r.Container, images.Show(r.Image), r.Available is null ? "" : images.Show(ImageReference.WithoutDigest(r.Available)), first ? r.Ready : "", (first ? r.Policy ?? "" : "") + rejected]
                : [first ? r.Workload : "", r.Container, images.Show(r.Image), first ? r.Ready : ""]);
        }
        // Image references keep their tags when cut.
        return TextTable.Format(table, width, new TextTable.Column(), new TextTable.Column(), new TextTable.Column(KeepEnd: true), new TextTable.Column(KeepEnd: withPolicy));
    }

    private static IEnumerable<ServiceRow> Rows(LiveWorkload workload, ServiceStatus? service, Rejections rejections)
    {
        var policy = service is null ? null : Describe(service.Policy, service.Workload);
        var ready = workload.Id.Contains(":cronjob/", StringComparison.Ordinal) ? "-" : $"{workload.Ready}/{workload.Desired}";
        return workload.Containers.Where(c => !c.IsInit).Select(c => new ServiceRow(workload.Id, c.Name, c.Image, ready,
            service?.Containers.FirstOrDefault(s => s.Name == c.Name)?.Newest, policy)
        {
            Rejected = service is null ? [] : rejections.OfRepository(c.Image),
            PolicyValues = service?.Policy,
            Pods = ready == "-" ? null : (workload.Ready, workload.Desired),
        });
    }
}
