using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Pipelines.Kubernetes;

/// <summary>
/// Which cluster to talk to: <c>--kubeconfig</c> / <c>--kube-context</c>, else the environment's <c>cluster:</c>
/// in pipelines.yaml, else KubernetesClient's default chain (KUBECONFIG, ~/.kube/config, in-cluster).
/// Errors name the file and context tried, and the contexts there are.
/// </summary>
public static class ClusterConnection
{
    public static KubernetesClientConfiguration Resolve(string? kubeconfig, string? context, string? environmentKubeconfig, string? environmentContext)
    {
        var file = kubeconfig ?? environmentKubeconfig;
        var contextName = context ?? environmentContext;
        if (file is null && contextName is null)
        {
            // KubernetesClient's default chain ends at http://localhost:8080 when it finds nothing; a release would
            // then commit and push before failing to apply. Say so now, before anything is committed.
            var listed = ListedFiles();
            if (listed.Length == 0 && !File.Exists(DefaultFile()) && !KubernetesClientConfiguration.IsInCluster())
            {
                throw new ClusterConnectionException("No cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config, and not running in a cluster. " +
                    "Pass --kubeconfig <file> [--kube-context <name>], give the environment a cluster: in pipelines.yaml, or pass --apply false to leave applying to a GitOps agent.");
            }
            // Several KUBECONFIG files to merge, or the in-cluster service account: KubernetesClient's default chain.
            // One file is read below, as --kubeconfig is.
            if (listed.Length > 1 || (listed.Length == 0 && !File.Exists(DefaultFile())))
            {
                try
                {
                    return KubernetesClientConfiguration.BuildDefaultConfig();
                }
                catch (KubeConfigException e)
                {
                    throw new ClusterConnectionException($"No cluster configured: {e.Message}. Pass --kubeconfig <file> [--kube-context <name>], set KUBECONFIG, or give the environment a cluster: in pipelines.yaml.");
                }
            }
        }
        file ??= DefaultFile();
        if (!File.Exists(file))
        {
            throw new ClusterConnectionException($"Kubeconfig {file} does not exist. Pass --kubeconfig <file>, or set KUBECONFIG.");
        }
        K8SConfiguration config;
        try
        {
            config = KubeconfigReader.Read(file);
        }
        catch (Exception e) when (e is KubeConfigException or YamlDotNet.Core.YamlException or IOException)
        {
            throw new ClusterConnectionException($"Kubeconfig {file} cannot be read: {e.Message}");
        }
        var contexts = config.Contexts?.Select(c => c.Name).ToList() ?? [];
        if (contextName is not null && !contexts.Contains(contextName))
        {
            throw new ClusterConnectionException(
                $"Kubeconfig {file} has no context '{contextName}'; its contexts: {(contexts.Count == 0 ? "none" : string.Join(", ", contexts))}.");
        }
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(config, contextName);
        }
        catch (KubeConfigException e)
        {
            throw new ClusterConnectionException($"Kubeconfig {file}, context '{contextName ?? config.CurrentContext}': {e.Message}");
        }
    }

    private static string[] ListedFiles() =>
        Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static string DefaultFile() =>
        ListedFiles().FirstOrDefault() ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
}

/// <summary>The cluster cannot be reached as configured; the message says which file and context, and what to do.</summary>
public sealed class ClusterConnectionException(string message) : Exception(message);
