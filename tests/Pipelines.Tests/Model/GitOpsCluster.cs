using k8s;
using k8s.Models;

namespace Pipelines.Tests.Model;

/// <summary>
/// The cluster a GitOps agent manages, as Flux and Argo CD leave it when installed: their CRDs (HelmRelease, Application)
/// established and the environment's namespace made. Releases to such an environment commit with --apply false, but first
/// validate the edited manifests by a server-side dry run against the cluster the kubeconfig names, which needs both.
/// Done before the first target runs, so the discovery every target caches already lists the kinds.
/// </summary>
internal static class GitOpsCluster
{
    public static async Task PrepareAsync(string kubeconfig, string ns)
    {
        using var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var crds = new[] { Crd("helm.toolkit.fluxcd.io", "v2", "HelmRelease", "helmreleases"), Crd("argoproj.io", "v1alpha1", "Application", "applications") };
        foreach (var crd in crds) await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        // The emulator establishes a CRD after a short delay, as an API server does; wait for that, not for a time.
        foreach (var crd in crds)
        {
            for (var attempt = 0; ; attempt++)
            {
                var read = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name);
                if (read.Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true) break;
                if (attempt == 200) throw new InvalidOperationException($"CRD {crd.Metadata.Name} was not established.");
                await Task.Delay(50);
            }
        }
    }

    // Their schemas keep every field: the model's manifests are checked for shape by the agents, not here.
    private static V1CustomResourceDefinition Crd(string group, string version, string kind, string plural) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{plural}.{group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(), ListKind = kind + "List" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = version, Served = true, Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                },
            ],
        },
    };
}
