using k8s;

namespace Pipelines.Kubernetes;

/// <summary>
/// The cluster a run talks to: KubernetesClient's configuration, and what a person needs to recognise it — the
/// context, the server and the namespace — with why it was chosen.
/// </summary>
public sealed record ResolvedCluster(KubernetesClientConfiguration Configuration, string Context, string Server, string Namespace, string Source)
{
    /// <summary>The one line every target that talks to a cluster prints before it changes anything.</summary>
    public string Line => $"Cluster: context {Context}, server {Server}, namespace {Namespace} ({Source}).";
}
