namespace Pipelines.Manifests;

/// <summary>One container's image changing in one workload: what a manifest edit changed, a plan changes, a report shows and a
/// <c>Pipelines-Change</c> trailer records.</summary>
/// <param name="Workload">The workload id, <c>namespace:kind/name</c>.</param>
public sealed record ContainerChange(string Workload, string Container, string From, string To)
{
    public string ToTrailerValue() => $"{Workload} {Container} {From} -> {To}";

    /// <summary>Parses <c>sock-shop:deployment/front-end front-end repo:a -> repo:b</c>; null when malformed.</summary>
    public static ContainerChange? Parse(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is [var workload, var container, var from, "->", var to] ? new ContainerChange(workload, container, from, to) : null;
    }
}
