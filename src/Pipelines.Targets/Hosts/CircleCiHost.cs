namespace Pipelines.Targets;

/// <summary>CircleCI: plain log with colours; each step is already collapsible, so no markup.</summary>
public sealed class CircleCiHost(IReadOnlyDictionary<string, string> environment) : CiHost(environment)
{
    public override string Name => "CircleCI";
    public override string? Commit => Variable("CIRCLE_SHA1");
    public override string? Branch => Variable("CIRCLE_BRANCH");
    public override string? BuildNumber => Variable("CIRCLE_BUILD_NUM");
    public override string? BuildUrl => Variable("CIRCLE_BUILD_URL");
    internal override bool RendersAnsi => true;
}
