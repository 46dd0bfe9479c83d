namespace Pipelines.Manifests;

/// <summary>How a <c>--service</c> value names a workload id <c>namespace:kind/name</c>: the whole id,
/// <c>namespace/name</c>, or just <c>name</c>.</summary>
public static class WorkloadName
{
    public static bool Matches(string workloadId, string service)
    {
        var colon = workloadId.IndexOf(':');
        var slash = workloadId.IndexOf('/');
        if (colon < 0 || slash < colon) return string.Equals(workloadId, service, StringComparison.Ordinal);
        var (ns, name) = (workloadId[..colon], workloadId[(slash + 1)..]);
        return service.Contains(':') ? string.Equals(workloadId, service, StringComparison.OrdinalIgnoreCase)
            : service.Contains('/') ? string.Equals($"{ns}/{name}", service, StringComparison.Ordinal)
            : string.Equals(name, service, StringComparison.Ordinal);
    }
}
