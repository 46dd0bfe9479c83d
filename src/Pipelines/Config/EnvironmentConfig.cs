namespace Pipelines.Config;

/// <summary>One environment of <c>pipelines.yaml</c>.</summary>
public sealed record EnvironmentConfig(
    string Name,
    string Path,
    string Namespace,
    Automation Automation,
    string TagFilter,
    string? KubeContext,
    string? Kubeconfig,
    string? PromoteFrom,
    int Line)
{
    /// <summary>Images declared where no manifest holds them (Helm values): <c>images:</c> in pipelines.yaml.</summary>
    public IReadOnlyList<DeclaredImage> Images { get; init; } = [];

    /// <summary>When automation and promotion may act (<c>windows:</c>); <see cref="ReleaseWindows.None"/>: always.</summary>
    public ReleaseWindows Windows { get; init; } = ReleaseWindows.None;
}
