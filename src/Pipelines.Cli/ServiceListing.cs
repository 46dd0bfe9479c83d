using Pipelines.Reporting;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Config;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.Cli;

/// <summary>One row of ListServices: a live container, and, when the config repo is known, its policy, newest allowed image and the
/// images of its repository rejected in the environment.</summary>
public sealed record ServiceRow(string Workload, string Container, string Image, string Ready, string? Available, string? Policy)
{
    public IReadOnlyList<Rejection> Rejected { get; init; } = [];
}

/// <summary>ListServices' rows (pure: live state, desired state and registry facts in, rows out) and their text and JSON.</summary>
public static class ServiceListing
{
    public static IReadOnlyList<ServiceRow> Rows(IReadOnlyList<LiveWorkload> live, EnvironmentScan? desired, Func<string, IReadOnlyList<Images.TaggedImage>?>? tagsOf,
        Rejections? rejections = null)
    {
        rejections ??= Rejections.None;
        var byId = desired?.Workloads.ToDictionary(w => w.Id, StringComparer.Ordinal) ?? [];
        var rows = new List<ServiceRow>();
        foreach (var workload in live)
        {
            var configured = byId.GetValueOrDefault(workload.Id);
            var available = configured is null || tagsOf is null ? [] : AvailableImage.ForWorkload(configured, desired!.Environment, tagsOf, rejections);
            var policy = configured is null ? null : Describe(WorkloadPolicy.Of(configured, desired!.Environment), configured, desired.Environment);
            rows.AddRange(workload.Containers.Where(c => !c.IsInit).Select(c => new ServiceRow(
                workload.Id, c.Name, c.Image, Ready(workload),
                available.FirstOrDefault(a => a.Container == c.Name && a.HasUpdate)?.Newest,
                policy) { Rejected = configured is null ? [] : rejections.OfRepository(c.Image) }));
        }
        return rows;
    }

    /// <summary><c>automated, locked by alice: audit, semver:~0.3</c>: what a release of this workload would respect.</summary>
    public static string Describe(WorkloadPolicy policy, Workload workload, EnvironmentConfig environment)
    {
        var parts = new List<string> { policy.Automated ? "automated" : "manual" };
        if (policy.Locked) parts.Add($"locked by {policy.LockedBy ?? "someone"}" + (policy.LockedMessage is null ? "" : $": {policy.LockedMessage}"));
        parts.AddRange(policy.TagFilters.Where(t => workload.Containers.Any(c => c.Name == t.Key)).Select(t => $"{t.Key}={t.Value}"));
        return string.Join(", ", parts);
    }

    public static IEnumerable<string> Text(IReadOnlyList<ServiceRow> rows, bool withPolicy)
    {
        var table = new List<string[]> { withPolicy ? ["SERVICE", "CONTAINER", "IMAGE", "RELEASE", "READY", "POLICY"] : ["SERVICE", "CONTAINER", "IMAGE", "READY"] };
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var first = i == 0 || rows[i - 1].Workload != r.Workload;
            var rejected = r.Rejected.Count == 0 ? "" : (first && r.Policy is not null ? ", " : "") + "rejected " + string.Join(" ", r.Rejected.Select(x => x.Tag));
            table.Add(withPolicy
                ? [first ? r.Workload : "", r.Container, r.Image, (r.Available is null ? null : Images.ImageReference.WithoutDigest(r.Available)) ?? "", first ? r.Ready : "", (first ? r.Policy ?? "" : "") + rejected]
                : [first ? r.Workload : "", r.Container, r.Image, first ? r.Ready : ""]);
        }
        return TextTable.Format(table);
    }

    public static string Json(IReadOnlyList<ServiceRow> rows, bool withPolicy) => new JsonArray(rows.Select(r =>
    {
        var row = new JsonObject { ["workload"] = r.Workload, ["container"] = r.Container, ["image"] = r.Image, ["ready"] = r.Ready };
        if (withPolicy)
        {
            row["available"] = r.Available;
            row["policy"] = r.Policy;
            row["rejected"] = new JsonArray(r.Rejected.Select(x => (JsonNode)new JsonObject { ["image"] = x.Image, ["release"] = x.Release, ["by"] = x.By, ["commit"] = x.Commit }).ToArray());
        }
        return (JsonNode)row;
    }).ToArray()).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static string Ready(LiveWorkload workload) => workload.Id.Contains(":cronjob/", StringComparison.Ordinal) ? "-" : $"{workload.Ready}/{workload.Desired}";
}
