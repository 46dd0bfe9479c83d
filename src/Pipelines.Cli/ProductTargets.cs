using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>The product's target sets, as the packaged <c>pipelines</c> tool and <c>./build.sh</c> both compose them.</summary>
public static class ProductTargets
{
    /// <summary>
    /// In plan order: DockerTargets first (declaration order breaks ties in the plan, so <c>BuildImage PushImage
    /// UpdateConfigRepo</c> pushes before it records what was pushed); Watch, so that the service image (deploy/Dockerfile)
    /// runs the same tool; the global lock's administration (GlobalLockStatus, BreakGlobalLock) last.
    /// </summary>
    public static TargetSet[] All() =>
        [new DockerTargets(), new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets(), new WatchTargets(), new GlobalLockTargets()];
}
