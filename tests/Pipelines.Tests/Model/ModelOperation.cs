using CsCheck;

namespace Pipelines.Tests.Model;

/// <summary>
/// One step of the model-based test: what a team does to the release manager in an ordinary week. Services and build
/// numbers are small integers the world resolves (build n of a service is the n-th image CI pushed for it, when there is one).
/// Staging and production are plain manifests applied to the cluster; gitops is a config repo a GitOps agent renders (a
/// kustomize base and overlay, Helm values declared in pipelines.yaml, Flux-marked fields, an Argo CD Application), so its
/// operations run with --apply false, and its workloads are <see cref="GitOpsWorkloads"/>.
/// </summary>
public abstract record ModelOperation
{
    public static readonly string[] Services = ["carts", "orders"];
    public static readonly string[] Environments = ["staging", "production", "gitops"];

    /// <summary>The environments applied to the cluster (the others' GitOps agent applies them).</summary>
    public static readonly string[] Applied = ["staging", "production"];

    public const int GitOps = 2;

    /// <summary>The workloads of gitops, one per layout, and the service whose builds each runs: carts through its kustomize overlay,
    /// orders through declared Helm values, carts-worker a Deployment with a Flux marker, orders-worker a Flux HelmRelease whose values
    /// are marked, orders-api an Argo CD Application with Image Updater annotations.</summary>
    public static readonly (string Workload, int Service)[] GitOpsWorkloads = [("carts", 0), ("orders", 1), ("carts-worker", 0), ("orders-worker", 1), ("orders-api", 1)];

    /// <summary>The workload a service index names in an environment (gitops has more workloads than services).</summary>
    public static string Workload(int environment, int service) => environment == GitOps ? GitOpsWorkloads[service].Workload : Services[service];

    /// <summary>The service whose builds that workload runs.</summary>
    public static string ServiceOf(int environment, int service) => Services[environment == GitOps ? GitOpsWorkloads[service].Service : service];

    /// <summary>CI pushes a new build of a service; a bad one never becomes ready (its rollout fails).</summary>
    public sealed record PushBuild(int Service, bool Bad) : ModelOperation
    {
        public override string ToString() => $"push {(Bad ? "bad" : "good")} build of {Services[Service]}";
    }

    public sealed record ReleaseAutomated(int Environment) : ModelOperation
    {
        public override string ToString() => $"Release --automated ({Environments[Environment]})";
    }

    public sealed record ReleaseAll : ModelOperation
    {
        public override string ToString() => "Release --all --update-all-images (staging)";
    }

    public sealed record ReleaseBuild(int Environment, int Service, int Build) : ModelOperation
    {
        public override string ToString() => $"Release --image {ServiceOf(Environment, Service)} build {Build} to {Workload(Environment, Service)} ({Environments[Environment]})";
    }

    public sealed record UpdateConfigRepo(int Environment, int Service, int Build) : ModelOperation
    {
        public override string ToString() => $"UpdateConfigRepo {ServiceOf(Environment, Service)} build {Build} to {Workload(Environment, Service)} (a CI job, {Environments[Environment]})";
    }

    public sealed record Rollback(int Environment, int Service) : ModelOperation
    {
        public override string ToString() => $"Rollback {Workload(Environment, Service)} ({Environments[Environment]})";
    }

    public sealed record Promote(int? Service) : ModelOperation
    {
        public override string ToString() => $"Promote {(Service is { } s ? Services[s] : "everything")} to production";
    }

    public sealed record PolicyChange(int Environment, int Service, string Target) : ModelOperation
    {
        public override string ToString() => $"{Target} {Workload(Environment, Service)} ({Environments[Environment]})";
    }

    public sealed record Unreject(int Environment, int Service, int Build) : ModelOperation
    {
        public override string ToString() => $"Unreject {Services[Service]} build {Build} ({Environments[Environment]})";
    }

    /// <summary>Someone runs kubectl set image, then the team either syncs git back or adopts what runs.</summary>
    public sealed record OutOfBand(int Environment, int Service, int Build, bool Adopt) : ModelOperation
    {
        public override string ToString() => $"kubectl set image {Services[Service]} build {Build} ({Environments[Environment]}), then Sync{(Adopt ? " --adopt" : "")}";
    }

    /// <summary>Two operations at once, as separate processes (two CI jobs, or a person and automation).</summary>
    public sealed record Concurrently(ModelOperation First, ModelOperation Second) : ModelOperation
    {
        public override string ToString() => $"at once: [{First}] and [{Second}]";
    }

    private static readonly Gen<int> AnyService = Gen.Int[0, Services.Length - 1];
    private static readonly Gen<int> AnyAppliedEnvironment = Gen.Int[0, Applied.Length - 1];
    private static readonly Gen<int> StagingOrGitOps = Gen.OneOf(Gen.Const(0), Gen.Const(GitOps));
    private static readonly Gen<int> AnyBuild = Gen.Int[1, 6];

    /// <summary>An environment and a workload of it (as a service index: see <see cref="Workload"/>).</summary>
    private static readonly Gen<(int Environment, int Service)> AnyWorkload =
        Gen.Int[0, Environments.Length - 1].SelectMany(e => Gen.Int[0, (e == GitOps ? GitOpsWorkloads.Length : Services.Length) - 1].Select(s => (e, s)));

    private static readonly Gen<(int Environment, int Service)> StagingOrGitOpsWorkload =
        StagingOrGitOps.SelectMany(e => Gen.Int[0, (e == GitOps ? GitOpsWorkloads.Length : Services.Length) - 1].Select(s => (e, s)));

    private static readonly Gen<ModelOperation> Single = Gen.Frequency(
        (6, Gen.Select(AnyService, Gen.Int[0, 4], (s, bad) => (ModelOperation)new PushBuild(s, bad == 0))),
        (5, StagingOrGitOps.Select(e => (ModelOperation)new ReleaseAutomated(e))),
        (1, Gen.Const((ModelOperation)new ReleaseAll())),
        (4, Gen.Select(AnyWorkload, AnyBuild, (w, b) => (ModelOperation)new ReleaseBuild(w.Environment, w.Service, b))),
        (3, Gen.Select(StagingOrGitOpsWorkload, AnyBuild, (w, b) => (ModelOperation)new UpdateConfigRepo(w.Environment, w.Service, b))),
        (4, AnyWorkload.Select(w => (ModelOperation)new Rollback(w.Environment, w.Service))),
        (2, Gen.Select(Gen.Int[-1, Services.Length - 1], s => (ModelOperation)new Promote(s < 0 ? null : s))),
        (4, Gen.Select(AnyWorkload, Gen.OneOf("Lock", "Unlock", "Automate", "Deautomate", "Policy"), (w, t) => (ModelOperation)new PolicyChange(w.Environment, w.Service, t))),
        (1, Gen.Select(StagingOrGitOps, AnyService, AnyBuild, (e, s, b) => (ModelOperation)new Unreject(e, s, b))),
        (2, Gen.Select(AnyAppliedEnvironment, AnyService, AnyBuild, Gen.Bool, (e, s, b, a) => (ModelOperation)new OutOfBand(e, s, b, a))));

    /// <summary>Mostly one operation at a time; one in eight is a concurrent pair of the kinds CI jobs and people run at once.</summary>
    public static readonly Gen<ModelOperation> Any = Gen.Frequency(
        (7, Single),
        (1, Gen.Select(Single, Single, (a, b) => (ModelOperation)new Concurrently(a, b)).Where(p => p is Concurrently c && c.First is not (PushBuild or OutOfBand or Concurrently)
            && c.Second is not (PushBuild or OutOfBand or Concurrently))));
}
