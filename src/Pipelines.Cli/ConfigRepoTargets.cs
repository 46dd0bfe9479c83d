using Pipelines.ConfigRepo;
using Pipelines.Releases;
using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>V2: the config repo as the single source of truth, and its history.</summary>
public sealed class ConfigRepoTargets : ConfigRepoParameters
{
    // Declared by ConfigRepoTargets and RegistryTargets alike (one parameter); both carry the same range, whichever is found first.
    [Parameter("At most this many entries (History: default 20; ListImages: all); 1 to 1000000."), ValueRange("1", "1000000")]
    public int? Limit { get; set; }

    public Target UpdateConfigRepo => _ => _
        .Description("V2: sets a container's image in an environment of the config repo under the global lock, commits, pushes, applies it and waits for the rollout. A locked workload fails the job unless --force.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Requires(() => Service)
        .Executes(async () =>
        {
            var image = Image ?? Docker.PushedImage.Read(Context.TempDirectory)?.Reference
                ?? throw new UsageException("--image is required (or run PushImage first in the same job: it writes .nuke/temp/image.json, which UpdateConfigRepo reads).");
            if (Image is null) Log.Info($"Releasing the image PushImage pushed: {image}.");
            if (Service is not [var service]) throw new UsageException("UpdateConfigRepo sets the image of one workload; give one --service (Release takes several).");
            await PrintReportAsync(await Operations().UpdateConfigRepoAsync(OperationOptions(), service, Container, image, Force));
        });

    public Target History => _ => _
        .Description("Lists the tool's commits (releases, rollbacks, locks…) newest first, read from their trailers.")
        .Requires(() => ConfigRepo)
        .Executes(async () =>
        {
            var repository = OpenConfigRepository();
            var entries = await ConfigHistory.ReadAsync(repository.Cache, ConfigBranch, Environment,
                Service.Length == 0 ? null : workload => Service.Any(s => WorkloadName.Matches(workload, s)), Limit ?? 20);
            if (Output == OutputFormat.Json) Context.Results.WriteLine(HistoryReport.Json(entries));
            else foreach (var line in HistoryReport.Table(entries)) Context.Results.WriteLine(line);
        });
}
