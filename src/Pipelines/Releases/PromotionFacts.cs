namespace Pipelines.Releases;

/// <summary>What a promotion knows about its source before planning, gathered by the I/O layer.</summary>
/// <param name="Refusals">Source workloads (by id) whose rollout makes promoting them unwise, with why.</param>
/// <param name="RunningDigests">Source workload id → container → the digest its pods run (for images the config repo holds without one).</param>
/// <param name="HealthNotChecked">Why the source's rollouts could not be read (null: they were).</param>
/// <param name="Registry">With --force only: digests of tags as the registry has them now, for images whose running digest is unknown.</param>
internal sealed record PromotionFacts(
    IReadOnlyDictionary<string, string> Refusals,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> RunningDigests,
    string? HealthNotChecked,
    RegistryFacts Registry,
    Rejections SourceRejections,
    Rejections TargetRejections);
