using k8s.KubeConfigModels;
using YamlDotNet.Serialization;

namespace Pipelines.Kubernetes;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's own model, with a YamlDotNet deserializer that knows only that
/// model. KubernetesClient's loader goes through <c>KubernetesYaml</c>, which on first use prepares a deserializer for
/// every Kubernetes API type: about 250 ms of every CLI run that applies, to read a dozen fields.
/// </summary>
internal static class KubeconfigReader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>The kubeconfig at <paramref name="file"/>; relative certificate and key paths in it resolve against its folder, as kubectl's do.</summary>
    public static K8SConfiguration Read(string file)
    {
        var config = Deserializer.Deserialize<K8SConfiguration?>(File.ReadAllText(file))
            ?? throw new ClusterConnectionException($"Kubeconfig {file} is empty. Pass --kubeconfig <file> naming a kubeconfig with the cluster, or set KUBECONFIG.");
        config.FileName = Path.GetFullPath(file);
        return config;
    }
}
