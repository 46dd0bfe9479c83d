using k8s.KubeConfigModels;

namespace Pipelines.Kubernetes;

/// <summary>Kubeconfig files merged into one, with the <c>proxy-url</c> of each cluster (by name) that KubernetesClient's model has no field for.</summary>
internal sealed record MergedKubeconfig(K8SConfiguration Config, IReadOnlyList<string> Files, IReadOnlyDictionary<string, string> ProxyUrls)
{
    public string Describe() => Files.Count == 1 ? $"Kubeconfig {Files[0]}" : $"Kubeconfig files {string.Join(Path.PathSeparator, Files)}";

    public IReadOnlyList<string> ContextNames => Config.Contexts?.Select(c => c.Name).ToList() ?? [];
}
