using Pipelines.Diagnostics;
using k8s;

namespace Pipelines.Kubernetes;

/// <summary>KubernetesClient with Pipelines' request policy under it: every request has a deadline and is retried when that is safe.</summary>
internal static class KubeClient
{
    public static k8s.Kubernetes Create(KubernetesClientConfiguration configuration, KubeRequestPolicy? policy = null, ILog? log = null) =>
        new(configuration, new KubeRetryHandler(policy ?? KubeRequestPolicy.Default, log));
}
