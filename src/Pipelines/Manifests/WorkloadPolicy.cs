using Pipelines.Config;

namespace Pipelines.Manifests;

/// <summary>
/// A workload's release policy, read from its annotations (so it is versioned in the config repo):
/// automated, locked (by whom, why) and a tag filter per container. (Images rejected by a rollback are read from history:
/// <see cref="Releases.Rejections"/>.)
/// Flux v1's <c>fluxcd.io/*</c> and <c>flux.weave.works/*</c> keys are read as aliases.
/// </summary>
public sealed record WorkloadPolicy(
    bool Automated,
    bool Locked,
    string? LockedBy,
    string? LockedMessage,
    IReadOnlyDictionary<string, string> TagFilters)
{
    public const string Prefix = "pipelines/";
    private static readonly string[] Aliases = ["pipelines/", "fluxcd.io/", "flux.weave.works/"];

    public static WorkloadPolicy Of(Workload workload, EnvironmentConfig environment) => From(workload.Annotations, environment);

    public static WorkloadPolicy From(IReadOnlyDictionary<string, string> annotations, EnvironmentConfig environment)
    {
        string? Read(string key) => Aliases.Select(prefix => annotations.GetValueOrDefault(prefix + key)).FirstOrDefault(v => v is not null);
        bool? Flag(string key) => Read(key)?.Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
        Dictionary<string, string> PerContainer(string key) => Aliases.Reverse()
            .SelectMany(prefix => annotations.Where(a => a.Key.StartsWith(prefix + key + ".", StringComparison.Ordinal))
                .Select(a => (Container: a.Key[(prefix.Length + key.Length + 1)..], a.Value)))
            .GroupBy(x => x.Container)
            .ToDictionary(g => g.Key, g => g.Last().Value);
        return new WorkloadPolicy(
            Flag("automated") ?? environment.Automation == Automation.Automatic,
            Flag("locked") ?? false,
            Read("locked-by") ?? Read("locked_user"),
            Read("locked-message") ?? Read("locked_msg"),
            PerContainer("tag"));
    }

    /// <summary>The tag filter of a container: its own annotation, else the environment's default.</summary>
    public string TagFilterFor(string container, EnvironmentConfig environment) => TagFilters.GetValueOrDefault(container) ?? environment.TagFilter;
}
