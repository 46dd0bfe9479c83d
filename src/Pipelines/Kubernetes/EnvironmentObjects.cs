using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Manifests;

namespace Pipelines.Kubernetes;

/// <summary>Every Kubernetes object under an environment's path: what Sync applies and Diff compares.</summary>
internal static class EnvironmentObjects
{
    public static IReadOnlyList<ManifestObject> Read(ConfigSnapshot snapshot, EnvironmentConfig environment) =>
        snapshot.Files(environment.Path)
            .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Where(p => !snapshot.ReadText(p)!.Contains("{{", StringComparison.Ordinal))   // Helm templates: skipped, as the scan warns
            .SelectMany(p => ManifestObject.Read(p, snapshot.ReadText(p)!))
            .ToList();
}
