using System.Diagnostics.Metrics;

namespace Pipelines.Registry;

/// <summary>
/// What the registry client counts, as a .NET meter (<c>Pipelines.Registry</c>), so that a long-running process
/// (the Watch service's <c>/metrics</c>) can show how much a poll costs without the client knowing who listens.
/// </summary>
public static class RegistryMetrics
{
    public const string MeterName = "Pipelines.Registry";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Every HTTP request answered by a registry, tagged <c>method</c> and <c>status</c>.</summary>
    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("pipelines.registry.requests", description: "HTTP requests answered by registries");
}
