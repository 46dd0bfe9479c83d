namespace Pipelines.Targets;

/// <summary>GitHub Actions: collapsible groups with <c>::group::</c>/<c>::endgroup::</c>.</summary>
public sealed class GitHubActionsHost(IReadOnlyDictionary<string, string> environment) : CiHost(environment)
{
    public override string Name => "GitHubActions";
    public override string? Commit => Variable("GITHUB_SHA");
    public override string? Branch => Variable("GITHUB_HEAD_REF") ?? Variable("GITHUB_REF_NAME");
    public override string? BuildNumber => Variable("GITHUB_RUN_NUMBER");

    public override string? BuildUrl =>
        Variable("GITHUB_SERVER_URL") is { } server && Variable("GITHUB_REPOSITORY") is { } repository && Variable("GITHUB_RUN_ID") is { } run
            ? $"{server}/{repository}/actions/runs/{run}"
            : null;

    internal override bool RendersAnsi => true;
    internal override bool HasSections => true;
    internal override IEnumerable<string> OpenSection(string targetName, DateTimeOffset now) => [$"::group::{targetName}"];
    internal override IEnumerable<string> CloseSection(string targetName, DateTimeOffset now) => ["::endgroup::"];
}
