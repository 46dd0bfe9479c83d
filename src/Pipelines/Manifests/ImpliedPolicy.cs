namespace Pipelines.Manifests;

/// <summary>
/// What the layout of a config repo says about a workload's policy, beyond its own annotations: the tag filter of a
/// container whose image a Flux <c>ImagePolicy</c> or an Argo CD Image Updater alias governs, and that such a container is
/// automated (Flux updates every marked field; the Image Updater every listed image). The workload's <c>pipelines/*</c>
/// (and Flux v1) annotations win over it, so a team can still lock or deautomate it the usual way.
/// </summary>
/// <param name="TagFilters">Container → tag filter text (<see cref="Images.TagPolicy.Parse"/>).</param>
/// <param name="Automated">True when something in the layout automates the workload; null when nothing says.</param>
/// <param name="Sources">Container → what implied its filter, for ListServices and messages (<c>ImagePolicy flux-system/podinfo</c>).</param>
public sealed record ImpliedPolicy(IReadOnlyDictionary<string, string> TagFilters, bool? Automated, IReadOnlyDictionary<string, string> Sources)
{
    public static ImpliedPolicy None { get; } = new(new Dictionary<string, string>(), null, new Dictionary<string, string>());

    public ImpliedPolicy With(string container, string filter, string source) => this with
    {
        TagFilters = new Dictionary<string, string>(TagFilters) { [container] = filter },
        Sources = new Dictionary<string, string>(Sources) { [container] = source },
        Automated = true,
    };
}
