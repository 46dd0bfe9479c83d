namespace Pipelines.Targets;

/// <summary>
/// Where the build runs: a CI system detected from its variables, or a local terminal. Gives the
/// commit, branch and build URL that feed image tags, commit trailers and release causes, and the
/// host's log markup for collapsible per-target sections.
/// </summary>
public abstract class CiHost
{
    protected CiHost(IReadOnlyDictionary<string, string> environment) => Environment = environment;

    protected IReadOnlyDictionary<string, string> Environment { get; }

    public abstract string Name { get; }

    public virtual bool IsCi => true;

    public abstract string? Commit { get; }

    public abstract string? Branch { get; }

    public abstract string? BuildNumber { get; }

    public abstract string? BuildUrl { get; }

    /// <summary>Whether the host's log viewer renders ANSI colours even though output is redirected.</summary>
    internal virtual bool RendersAnsi => false;

    /// <summary>Lines that open a target's section; the plain header is used when the host has no sections.</summary>
    internal virtual IEnumerable<string> OpenSection(string targetName, DateTimeOffset now) => [];

    internal virtual IEnumerable<string> CloseSection(string targetName, DateTimeOffset now) => [];

    internal virtual bool HasSections => false;

    protected string? Variable(string name) =>
        Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>Detects the host by the presence of each system's own variable (GitLab by GITLAB_CI being
    /// set at all: gitlab-ci-local sets it to "false").</summary>
    public static CiHost Detect(IReadOnlyDictionary<string, string> environment)
    {
        if (environment.ContainsKey("GITLAB_CI")) return new GitLabHost(environment);
        if (environment.ContainsKey("GITHUB_ACTIONS")) return new GitHubActionsHost(environment);
        if (environment.ContainsKey("CIRCLECI")) return new CircleCiHost(environment);
        if (environment.ContainsKey("JENKINS_HOME") || environment.ContainsKey("JENKINS_URL")) return new JenkinsHost(environment);
        return new TerminalHost(environment);
    }
}
