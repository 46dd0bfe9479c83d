namespace Pipelines.Targets;

/// <summary>Jenkins: plain log, no sections (the Pipeline view groups by stage, not by our targets).</summary>
public sealed class JenkinsHost(IReadOnlyDictionary<string, string> environment) : CiHost(environment)
{
    public override string Name => "Jenkins";
    public override string? Commit => Variable("GIT_COMMIT");
    public override string? Branch => Variable("GIT_BRANCH") ?? Variable("BRANCH_NAME");
    public override string? BuildNumber => Variable("BUILD_NUMBER");
    public override string? BuildUrl => Variable("BUILD_URL");
}
