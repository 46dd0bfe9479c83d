using k8s.KubeConfigModels;
using YamlDotNet.Serialization;

namespace Pipelines.Kubernetes;

/// <summary>
/// Reads kubeconfig files into KubernetesClient's own model, with a YamlDotNet deserializer that knows only that
/// model. KubernetesClient's loader goes through <c>KubernetesYaml</c>, which on first use prepares a deserializer for
/// every Kubernetes API type: about 250 ms of every CLI run that applies, to read a dozen fields.
/// </summary>
internal static class KubeconfigReader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>The kubeconfig at <paramref name="file"/>; relative certificate and key paths in it resolve against its folder, as kubectl's do.</summary>
    public static K8SConfiguration Read(string file) => ReadWithProxies(file).Config;

    /// <summary>
    /// Several kubeconfig files merged as kubectl merges <c>KUBECONFIG=a:b</c>: the first file to name a cluster, user
    /// or context wins it, and the first file that sets <c>current-context</c> decides it. Each file's relative paths
    /// are made absolute against its own folder first, so that they still mean the same file after the merge.
    /// </summary>
    public static MergedKubeconfig Merge(IReadOnlyList<string> files)
    {
        var clusters = new List<Cluster>();
        var users = new List<User>();
        var contexts = new List<Context>();
        var proxies = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var file in files)
        {
            var (config, proxyUrls) = ReadWithProxies(file);
            foreach (var cluster in config.Clusters ?? [])
            {
                if (clusters.Any(c => c.Name == cluster.Name)) continue;
                clusters.Add(cluster);
                if (proxyUrls.TryGetValue(cluster.Name, out var proxy)) proxies[cluster.Name] = proxy;
            }
            users.AddRange((config.Users ?? []).Where(u => users.All(known => known.Name != u.Name)));
            contexts.AddRange((config.Contexts ?? []).Where(c => contexts.All(known => known.Name != c.Name)));
            if (string.IsNullOrEmpty(current)) current = config.CurrentContext;
        }
        var merged = new K8SConfiguration { Clusters = clusters, Users = users, Contexts = contexts, CurrentContext = current };
        return new MergedKubeconfig(merged, files, proxies);
    }

    private static (K8SConfiguration Config, Dictionary<string, string> ProxyUrls) ReadWithProxies(string file)
    {
        var text = File.ReadAllText(file);
        var config = Deserializer.Deserialize<K8SConfiguration?>(text)
            ?? throw new ClusterConnectionException($"Kubeconfig {file} is empty. Pass --kubeconfig <file> naming a kubeconfig with the cluster, or set KUBECONFIG.");
        config.FileName = Path.GetFullPath(file);
        var folder = Path.GetDirectoryName(config.FileName)!;
        foreach (var cluster in config.Clusters ?? [])
        {
            if (cluster.ClusterEndpoint is { } endpoint) endpoint.CertificateAuthority = Absolute(folder, endpoint.CertificateAuthority);
        }
        foreach (var user in config.Users ?? [])
        {
            if (user.UserCredentials is not { } credentials) continue;
            credentials.ClientCertificate = Absolute(folder, credentials.ClientCertificate);
            credentials.ClientKey = Absolute(folder, credentials.ClientKey);
            // client-go runs a relative exec command that names a folder (./bin/token) from the kubeconfig's folder.
            if (credentials.ExternalExecution is { Command: { } command } exec && command.Contains('/') && !Path.IsPathRooted(command))
            {
                exec.Command = Path.GetFullPath(Path.Combine(folder, command));
            }
        }
        // KubernetesClient's model has no proxy-url; read it beside the model, by cluster name.
        var proxies = Deserializer.Deserialize<ProxyView?>(text)?.Clusters?
            .Where(c => c.Name is not null && !string.IsNullOrWhiteSpace(c.Cluster?.ProxyUrl))
            .GroupBy(c => c.Name!)
            .ToDictionary(g => g.Key, g => g.First().Cluster!.ProxyUrl!, StringComparer.Ordinal) ?? [];
        return (config, proxies);
    }

    private static string? Absolute(string folder, string? path) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));

    private sealed class ProxyView
    {
        [YamlMember(Alias = "clusters")]
        public List<NamedCluster>? Clusters { get; set; }
    }

    private sealed class NamedCluster
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "cluster")]
        public ClusterFields? Cluster { get; set; }
    }

    private sealed class ClusterFields
    {
        [YamlMember(Alias = "proxy-url")]
        public string? ProxyUrl { get; set; }
    }
}
