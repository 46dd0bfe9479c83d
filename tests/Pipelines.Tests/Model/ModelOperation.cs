using CsCheck;

namespace Pipelines.Tests.Model;

/// <summary>
/// One step of the model-based test: what a team does to the release manager in an ordinary week. Services and build
/// numbers are small integers the world resolves (build n of a service is the n-th image CI pushed for it, when there is one).
/// </summary>
public abstract record ModelOperation
{
    public static readonly string[] Services = ["carts", "orders"];
    public static readonly string[] Environments = ["staging", "production"];

    /// <summary>CI pushes a new build of a service; a bad one never becomes ready (its rollout fails).</summary>
    public sealed record PushBuild(int Service, bool Bad) : ModelOperation
    {
        public override string ToString() => $"push {(Bad ? "bad" : "good")} build of {Services[Service]}";
    }

    public sealed record ReleaseAutomated : ModelOperation
    {
        public override string ToString() => "Release --automated (staging)";
    }

    public sealed record ReleaseAll : ModelOperation
    {
        public override string ToString() => "Release --all --update-all-images (staging)";
    }

    public sealed record ReleaseBuild(int Environment, int Service, int Build) : ModelOperation
    {
        public override string ToString() => $"Release --image {Services[Service]} build {Build} ({Environments[Environment]})";
    }

    public sealed record UpdateConfigRepo(int Service, int Build) : ModelOperation
    {
        public override string ToString() => $"UpdateConfigRepo {Services[Service]} build {Build} (a CI job, staging)";
    }

    public sealed record Rollback(int Environment, int Service) : ModelOperation
    {
        public override string ToString() => $"Rollback {Services[Service]} ({Environments[Environment]})";
    }

    public sealed record Promote(int? Service) : ModelOperation
    {
        public override string ToString() => $"Promote {(Service is { } s ? Services[s] : "everything")} to production";
    }

    public sealed record PolicyChange(int Environment, int Service, string Target) : ModelOperation
    {
        public override string ToString() => $"{Target} {Services[Service]} ({Environments[Environment]})";
    }

    public sealed record Unreject(int Service, int Build) : ModelOperation
    {
        public override string ToString() => $"Unreject {Services[Service]} build {Build} (staging)";
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
    private static readonly Gen<int> AnyEnvironment = Gen.Int[0, 1];
    private static readonly Gen<int> AnyBuild = Gen.Int[1, 6];

    private static readonly Gen<ModelOperation> Single = Gen.Frequency(
        (6, Gen.Select(AnyService, Gen.Int[0, 4], (s, bad) => (ModelOperation)new PushBuild(s, bad == 0))),
        (5, Gen.Const((ModelOperation)new ReleaseAutomated())),
        (1, Gen.Const((ModelOperation)new ReleaseAll())),
        (3, Gen.Select(AnyEnvironment, AnyService, AnyBuild, (e, s, b) => (ModelOperation)new ReleaseBuild(e, s, b))),
        (3, Gen.Select(AnyService, AnyBuild, (s, b) => (ModelOperation)new UpdateConfigRepo(s, b))),
        (3, Gen.Select(AnyEnvironment, AnyService, (e, s) => (ModelOperation)new Rollback(e, s))),
        (2, Gen.Select(Gen.Int[-1, Services.Length - 1], s => (ModelOperation)new Promote(s < 0 ? null : s))),
        (4, Gen.Select(AnyEnvironment, AnyService, Gen.OneOf("Lock", "Unlock", "Automate", "Deautomate", "Policy"), (e, s, t) => (ModelOperation)new PolicyChange(e, s, t))),
        (1, Gen.Select(AnyService, AnyBuild, (s, b) => (ModelOperation)new Unreject(s, b))),
        (2, Gen.Select(AnyEnvironment, AnyService, AnyBuild, Gen.Bool, (e, s, b, a) => (ModelOperation)new OutOfBand(e, s, b, a))));

    /// <summary>Mostly one operation at a time; one in eight is a concurrent pair of the kinds CI jobs and people run at once.</summary>
    public static readonly Gen<ModelOperation> Any = Gen.Frequency(
        (7, Single),
        (1, Gen.Select(Single, Single, (a, b) => (ModelOperation)new Concurrently(a, b)).Where(p => p is Concurrently c && c.First is not (PushBuild or OutOfBand or Concurrently)
            && c.Second is not (PushBuild or OutOfBand or Concurrently))));
}
