using System.Text.RegularExpressions;

namespace Pipelines.Targets;

/// <summary>GitLab CI: collapsible sections with <c>section_start</c>/<c>section_end</c> markers.</summary>
public sealed partial class GitLabHost(IReadOnlyDictionary<string, string> environment) : CiHost(environment)
{
    private const string EraseLine = "\u001b[0K";

    public override string Name => "GitLab";
    public override string? Commit => Variable("CI_COMMIT_SHA");
    public override string? Branch => Variable("CI_COMMIT_REF_NAME");
    public override string? BuildNumber => Variable("CI_PIPELINE_ID");
    public override string? BuildUrl => Variable("CI_JOB_URL");
    internal override bool RendersAnsi => true;
    internal override bool HasSections => true;

    internal override IEnumerable<string> OpenSection(string targetName, DateTimeOffset now) =>
        [$"{EraseLine}section_start:{now.ToUnixTimeSeconds()}:{SectionName(targetName)}[collapsed=false]\r{EraseLine}{targetName}"];

    internal override IEnumerable<string> CloseSection(string targetName, DateTimeOffset now) =>
        [$"{EraseLine}section_end:{now.ToUnixTimeSeconds()}:{SectionName(targetName)}\r{EraseLine}"];

    // GitLab accepts only letters, digits, '_', '.' and '-' in section names.
    private static string SectionName(string targetName) => "target_" + NotAllowed().Replace(targetName, "_").ToLowerInvariant();

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex NotAllowed();
}
