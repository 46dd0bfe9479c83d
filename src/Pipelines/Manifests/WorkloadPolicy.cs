using Pipelines.Config;

namespace Pipelines.Manifests;

/// <summary>
/// A workload's release policy, read from its annotations (so it is versioned in the config repo):
/// automated, locked (by whom, why) and a tag filter per container. (Images rejected by a rollback are read from history:
/// <see cref="Releases.Rejections"/>.)
/// Flux v1's <c>fluxcd.io/*</c> and <c>flux.weave.works/*</c> keys are read as aliases, <c>filter.fluxcd.io/&lt;container&gt;</c> as
/// <c>tag.&lt;container&gt;</c>, and <c>fluxcd.io/ignore: "true"</c> leaves the workload out of every release. Below the
/// annotations comes what the layout implies (<see cref="ImpliedPolicy"/>: a Flux ImagePolicy, Argo CD Image Updater aliases).
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
    private const string FluxFilterPrefix = "filter.fluxcd.io/";

    /// <summary>Flux v1's <c>fluxcd.io/ignore: "true"</c>: Flux left the workload alone, and so do releases.</summary>
    public bool Ignored { get; init; }

    /// <summary>Container → what set its filter when the layout did (<c>ImagePolicy flux-system/podinfo</c>).</summary>
    public IReadOnlyDictionary<string, string> FilterSources { get; init; } = new Dictionary<string, string>();

    public static WorkloadPolicy Of(Workload workload, EnvironmentConfig environment) => From(workload.Annotations, environment, workload.Implied);

    public static WorkloadPolicy From(IReadOnlyDictionary<string, string> annotations, EnvironmentConfig environment, ImpliedPolicy? implied = null)
    {
        implied ??= ImpliedPolicy.None;
        string? Read(string key) => Aliases.Select(prefix => annotations.GetValueOrDefault(prefix + key)).FirstOrDefault(v => v is not null);
        bool? Flag(string key) => Read(key)?.Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null };
        // Lowest precedence first, so that later ones overwrite: the layout, Flux v1's filter.fluxcd.io/<c>, then the aliases, pipelines/ last.
        var filters = new Dictionary<string, string>(implied.TagFilters);
        var sources = new Dictionary<string, string>(implied.Sources);
        void Set(string container, string filter)
        {
            filters[container] = filter;
            sources.Remove(container);
        }
        foreach (var (key, value) in annotations.Where(a => a.Key.StartsWith(FluxFilterPrefix, StringComparison.Ordinal))) Set(key[FluxFilterPrefix.Length..], value);
        foreach (var prefix in Aliases.Reverse())
        {
            foreach (var (key, value) in annotations.Where(a => a.Key.StartsWith(prefix + "tag.", StringComparison.Ordinal))) Set(key[(prefix.Length + 4)..], value);
        }
        return new WorkloadPolicy(
            Flag("automated") ?? implied.Automated ?? environment.Automation == Automation.Automatic,
            Flag("locked") ?? false,
            Read("locked-by") ?? Read("locked_user"),
            Read("locked-message") ?? Read("locked_msg"),
            filters)
        {
            Ignored = Flag("ignore") ?? false,
            FilterSources = sources,
        };
    }

    /// <summary>The tag filter of a container: its own annotation, else the environment's default.</summary>
    public string TagFilterFor(string container, EnvironmentConfig environment) => TagFilters.GetValueOrDefault(container) ?? environment.TagFilter;
}
