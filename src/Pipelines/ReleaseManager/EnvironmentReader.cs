using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Faults;

namespace Pipelines.ReleaseManager;

/// <summary>pipelines.yaml and one environment's workloads, from a snapshot of the config repo.</summary>
public static class EnvironmentReader
{
    public static PipelinesConfig Config(ConfigRepository repository, ConfigSnapshot snapshot)
    {
        var text = snapshot.ReadText(PipelinesConfig.FileName)
            ?? throw new PipelinesException(FaultKind.Failed, $"{repository.Options.Remote.Display} has no {PipelinesConfig.FileName} at " +
                $"{(snapshot.Commit is null ? $"{repository.Options.Branch} (the branch does not exist or is empty)" : $"{repository.Options.Branch} ({snapshot.Commit[..7]})")}; " +
                "check --config-repo and --config-branch, or add one (see docs/config-repo.md for its format).");
        return PipelinesConfig.Parse(text);
    }

    /// <summary>An unknown environment is a usage error naming the ones there are.</summary>
    public static (EnvironmentConfig Environment, EnvironmentScan Scan) Read(ConfigRepository repository, ConfigSnapshot snapshot, string name)
    {
        var environment = Environment(repository, snapshot, name);
        return (environment, EnvironmentScan.Read(snapshot.AsRepoFiles(), environment));
    }

    /// <summary>The environment's entry in pipelines.yaml, without reading its workloads.</summary>
    public static EnvironmentConfig Environment(ConfigRepository repository, ConfigSnapshot snapshot, string name)
    {
        var config = Config(repository, snapshot);
        return config.Environments.FirstOrDefault(e => e.Name == name)
            ?? throw new PipelinesException(FaultKind.NotFound,
                $"--environment {name}: no such environment in {PipelinesConfig.FileName}; environments: {string.Join(", ", config.Environments.Select(e => e.Name))}.");
    }
}
