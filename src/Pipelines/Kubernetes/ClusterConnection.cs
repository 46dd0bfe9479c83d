using System.Net;
using Pipelines.Config;
using Pipelines.Faults;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using k8s;

namespace Pipelines.Kubernetes;

/// <summary>
/// Which cluster to talk to. An environment's cluster comes from its <c>cluster:</c> in pipelines.yaml; <c>KUBECONFIG</c>
/// (and <c>--kubeconfig</c>) only say where kubeconfig files are. A <c>--kube-context</c>/<c>--kubeconfig</c> that names
/// another cluster than the environment's is refused, naming both, unless <c>--cluster-override</c>. Without an
/// environment (or one with no <c>cluster:</c>), kubectl's rules: <c>--kubeconfig</c>, else the merged <c>KUBECONFIG</c>
/// files, else ~/.kube/config, else the in-cluster service account; <c>--kube-context</c>, else the current context.
/// Errors name the files and context tried, and the contexts there are.
/// </summary>
public static class ClusterConnection
{
    public static ResolvedCluster Resolve(ClusterSelection selection, EnvironmentConfig? environment)
    {
        var searched = SearchedFiles(selection);
        if (environment is { KubeContext: null, Kubeconfig: null } or null) return Chosen(searched, selection, environment);

        var environmentFiles = environment.Kubeconfig is { } own ? (IReadOnlyList<string>)[own] : searched;
        var why = $"the cluster: of environment {environment.Name} in pipelines.yaml";
        var requestedBy = selection.Context is not null && selection.Context != environment.KubeContext ? $"--kube-context {selection.Context}"
            : selection.Kubeconfig is { } file && environment.Kubeconfig is { } ownFile && !SamePath(file, ownFile) ? $"--kubeconfig {file}"
            : null;
        Target? ownTarget = null;
        try
        {
            ownTarget = Pick(Load(environmentFiles, why), environment.KubeContext, why);
        }
        catch (ClusterConnectionException) when (selection.Override && requestedBy is not null)
        {
            // The environment's own cluster is not reachable from here; the override says which one to use.
        }
        if (requestedBy is null) return Build(ownTarget!, environment.Namespace, why, selection);

        var requestedFiles = selection.Kubeconfig is { } given ? (IReadOnlyList<string>)[given] : environmentFiles;
        var requested = Load(requestedFiles, requestedBy);
        var requestedContext = selection.Context ?? (environment.KubeContext is { } name && requested.ContextNames.Contains(name) ? name : null);
        var other = Pick(requested, requestedContext, requestedBy);
        if (ownTarget is not null && SameCluster(ownTarget, other))
        {
            return Build(other, environment.Namespace, $"{requestedBy}, the same cluster as {why}", selection);
        }
        if (!selection.Override)
        {
            throw new PipelinesException(FaultKind.Usage, 
                $"{requestedBy} names the cluster {other.Cluster.Name} ({other.Server}, context {other.ContextName}), but environment {environment.Name} deploys to " +
                (ownTarget is null ? "its own cluster" : $"the cluster {ownTarget.Cluster.Name} ({ownTarget.Server}, context {ownTarget.ContextName})") +
                $", as the cluster: of environment {environment.Name} in pipelines.yaml says. Leave out {requestedBy.Split(' ')[0]}, or pass --cluster-override to deploy {environment.Name} to {other.Cluster.Name} on purpose.");
        }
        return Build(other, environment.Namespace,
            $"--cluster-override: {requestedBy} instead of {(ownTarget is null ? "" : $"context {ownTarget.ContextName}, ")}{why}", selection);
    }

    /// <summary>
    /// kubectl's rules alone, for the clients that are not an environment's (the lease of <c>--lock lease</c>, leader
    /// election): <c>--kubeconfig</c>, else <c>KUBECONFIG</c> (read from this process), else ~/.kube/config, else in-cluster.
    /// </summary>
    public static KubernetesClientConfiguration Resolve(string? kubeconfig, string? context, string? environmentKubeconfig, string? environmentContext)
    {
        var environment = environmentKubeconfig is null && environmentContext is null ? null
            : new EnvironmentConfig("(environment)", "", "default", Automation.Manual, "glob:*", environmentContext, environmentKubeconfig, null, 0);
        return Resolve(ClusterSelection.FromProcess(kubeconfig, context), environment).Configuration;
    }

    private static ResolvedCluster Chosen(IReadOnlyList<string> files, ClusterSelection selection, EnvironmentConfig? environment)
    {
        if (files.Count == 0)
        {
            if (KubernetesClientConfiguration.IsInCluster())
            {
                if (selection.Context is not null)
                {
                    throw new ClusterConnectionException($"--kube-context {selection.Context}: no kubeconfig file to find it in (no --kubeconfig, no KUBECONFIG, no ~/.kube/config); " +
                        "in a cluster, leave out --kube-context to use the pod's service account.");
                }
                var inCluster = KubernetesClientConfiguration.InClusterConfig();
                return new ResolvedCluster(inCluster, "(in-cluster)", inCluster.Host, environment?.Namespace ?? inCluster.Namespace ?? "default", "the pod's service account");
            }
            // KubernetesClient's default chain ends at http://localhost:8080 when it finds nothing; a release would
            // then commit and push before failing to apply. Say so now, before anything is committed.
            throw new ClusterConnectionException("No cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config, and not running in a cluster. " +
                "Pass --kubeconfig <file> [--kube-context <name>], give the environment a cluster: in pipelines.yaml, or pass --apply false to leave applying to a GitOps agent.");
        }
        var why = selection.Context is not null ? $"--kube-context {selection.Context}" : "the current context";
        var target = Pick(Load(files, why), selection.Context, why);
        return Build(target, environment?.Namespace ?? target.Context.ContextDetails?.Namespace ?? "default",
            $"{why} of {Describe(files)}", selection);
    }

    /// <summary><c>--kubeconfig</c>; else the files <c>KUBECONFIG</c> lists that exist (kubectl skips missing ones); else ~/.kube/config if it exists.</summary>
    private static IReadOnlyList<string> SearchedFiles(ClusterSelection selection)
    {
        if (selection.Kubeconfig is { } file) return [file];
        var listed = (selection.KubeconfigFiles ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (listed.Length > 0)
        {
            var existing = listed.Where(File.Exists).Distinct().ToList();
            return existing.Count > 0 ? existing
                : throw new ClusterConnectionException($"None of the kubeconfig files KUBECONFIG lists exists: {string.Join(", ", listed)}. Set KUBECONFIG to existing files, or pass --kubeconfig <file>.");
        }
        var home = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".kube", "config");
        return File.Exists(home) ? [home] : [];
    }

    private static MergedKubeconfig Load(IReadOnlyList<string> files, string why)
    {
        if (files.Count == 0)
        {
            throw new ClusterConnectionException($"{Capitalised(why)} needs a kubeconfig file, and there is none (no --kubeconfig, no KUBECONFIG, no ~/.kube/config). " +
                "Pass --kubeconfig <file> or set KUBECONFIG.");
        }
        foreach (var file in files.Where(f => !File.Exists(f)))
        {
            throw new ClusterConnectionException($"Kubeconfig {file} does not exist ({why}). Pass --kubeconfig <file>, or set KUBECONFIG.");
        }
        try
        {
            return KubeconfigReader.Merge(files);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or IOException)
        {
            throw new ClusterConnectionException($"Kubeconfig {Describe(files)} cannot be read: {e.Message}");
        }
    }

    private sealed record Target(MergedKubeconfig Kubeconfig, Context Context, Cluster Cluster, string Server)
    {
        public string ContextName => Context.Name;
    }

    private static Target Pick(MergedKubeconfig kubeconfig, string? contextName, string why)
    {
        var contexts = kubeconfig.ContextNames;
        var name = contextName ?? kubeconfig.Config.CurrentContext;
        if (string.IsNullOrEmpty(name))
        {
            throw new ClusterConnectionException($"{kubeconfig.Describe()} has no current-context ({why}); pass --kube-context <name>" +
                (contexts.Count == 0 ? "." : $"; its contexts: {string.Join(", ", contexts)}."));
        }
        var context = kubeconfig.Config.Contexts?.FirstOrDefault(c => c.Name == name)
            ?? throw new ClusterConnectionException(
                $"{kubeconfig.Describe()} has no context '{name}'; its contexts: {(contexts.Count == 0 ? "none" : string.Join(", ", contexts))}.");
        var clusterName = context.ContextDetails?.Cluster;
        var cluster = kubeconfig.Config.Clusters?.FirstOrDefault(c => c.Name == clusterName)
            ?? throw new ClusterConnectionException($"{kubeconfig.Describe()}, context '{name}': it names the cluster '{clusterName}', which none of the files defines.");
        var server = cluster.ClusterEndpoint?.Server;
        if (string.IsNullOrWhiteSpace(server) || !Uri.TryCreate(server, UriKind.Absolute, out _))
        {
            throw new ClusterConnectionException($"{kubeconfig.Describe()}, cluster '{clusterName}': server '{server}' is not a URL such as https://10.0.0.1:6443.");
        }
        return new Target(kubeconfig, context, cluster, server);
    }

    /// <summary>Two contexts reach the same cluster when they name the same API server.</summary>
    private static bool SameCluster(Target a, Target b) =>
        Uri.Compare(new Uri(a.Server), new Uri(b.Server), UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
        || string.Equals(a.Server.TrimEnd('/'), b.Server.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static ResolvedCluster Build(Target target, string ns, string why, ClusterSelection selection)
    {
        var kubeconfig = target.Kubeconfig;
        var userName = target.Context.ContextDetails?.User;
        var user = kubeconfig.Config.Users?.FirstOrDefault(u => u.Name == userName);
        var exec = user?.UserCredentials?.ExternalExecution;
        // KubernetesClient would run an exec plugin here, at once, with a malformed input (kind ExecCredentials, interactive
        // true); Pipelines runs it itself, as client-go does, when the first request needs a token.
        var config = exec is null ? kubeconfig.Config : WithoutExec(kubeconfig.Config, user!);
        KubernetesClientConfiguration built;
        try
        {
            built = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, target.ContextName);
        }
        catch (KubeConfigException e)
        {
            throw new ClusterConnectionException($"{kubeconfig.Describe()}, context '{target.ContextName}': {e.Message}");
        }
        if (exec is not null)
        {
            built.AccessToken = null;
            built.TokenProvider = new ExecCredentialPlugin(exec, ExecCredentialPlugin.ClusterInfo(target.Cluster, kubeconfig.ProxyUrls.GetValueOrDefault(target.Cluster.Name)),
                selection.CredentialTimeout, $"{kubeconfig.Describe()}, user '{userName}'");
        }
        if (kubeconfig.ProxyUrls.GetValueOrDefault(target.Cluster.Name) is { } proxyUrl)
        {
            if (!Uri.TryCreate(proxyUrl, UriKind.Absolute, out var proxy) || proxy.Scheme is not ("http" or "https" or "socks5"))
            {
                throw new ClusterConnectionException($"{kubeconfig.Describe()}, cluster '{target.Cluster.Name}': proxy-url '{proxyUrl}' is not an http, https or socks5 URL.");
            }
            built.FirstMessageHandlerSetup = handler =>
            {
                handler.Proxy = new WebProxy(proxy);
                handler.UseProxy = true;
            };
        }
        return new ResolvedCluster(built, target.ContextName, target.Server, ns, why);
    }

    private static K8SConfiguration WithoutExec(K8SConfiguration config, User user)
    {
        var credentials = user.UserCredentials;
        // A placeholder so that KubernetesClient accepts the user; the token provider set afterwards replaces it.
        var standIn = new User
        {
            Name = user.Name,
            UserCredentials = new UserCredentials
            {
                Token = "exec-plugin",
                ClientCertificate = credentials.ClientCertificate,
                ClientKey = credentials.ClientKey,
                ClientCertificateData = credentials.ClientCertificateData,
                ClientKeyData = credentials.ClientKeyData,
            },
        };
        return new K8SConfiguration
        {
            Clusters = config.Clusters,
            Contexts = config.Contexts,
            CurrentContext = config.CurrentContext,
            Users = config.Users!.Select(u => u.Name == user.Name ? standIn : u).ToList(),
        };
    }

    private static bool SamePath(string a, string b) => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), StringComparison.Ordinal);

    private static string Describe(IReadOnlyList<string> files) => files.Count == 1 ? files[0] : string.Join(Path.PathSeparator, files);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
