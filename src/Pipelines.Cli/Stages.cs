namespace Pipelines.Cli;

/// <summary>The headings <c>--help</c> groups the product's targets under: the three architectures a team grows through
/// (docs/architecture.md), and what reads any of them.</summary>
public static class Stages
{
    public const string V1 = "V1 · CI deploys";
    public const string V2 = "V2 · the config repo is the source of truth";
    public const string V3 = "V3 · the release manager";
    public const string Inspect = "Inspect (every stage)";
}
