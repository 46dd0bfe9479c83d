using Pipelines.ConfigRepo;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

/// <summary>V2: the config repo as the single source of truth, and its history.</summary>
public sealed class ConfigRepoTargets : ConfigRepoParameters
{
    [Parameter("Only this environment.")]
    public string? Environment { get; set; }

    [Parameter("Only this workload: name, namespace/name or namespace:kind/name.")]
    public string? Service { get; set; }

    [Parameter("At most this many entries.")]
    public int Limit { get; set; } = 20;

    public Target History => _ => _
        .Description("Lists the tool's commits (releases, rollbacks, locks…) newest first, read from their trailers.")
        .Requires(() => ConfigRepo)
        .Executes(async () =>
        {
            var repository = OpenConfigRepository();
            var entries = await ConfigHistory.ReadAsync(repository.Cache, ConfigBranch, Environment,
                Service is null ? null : change => WorkloadName.Matches(change.Workload, Service), Limit);
            if (Output == OutputFormat.Json) Context.Results.WriteLine(HistoryReport.Json(entries));
            else foreach (var line in HistoryReport.Table(entries)) Context.Results.WriteLine(line);
        });
}
