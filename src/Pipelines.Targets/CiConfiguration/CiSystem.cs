namespace Pipelines.Targets.CiConfiguration;

/// <summary>The CI systems <c>--generate-configuration</c> writes files for (Nuke covers GitHub, Azure, AppVeyor, TeamCity, Space).</summary>
internal enum CiSystem
{
    GitLab,
    Jenkins,
    CircleCi,
}

internal static class CiSystems
{
    public static CiSystem Parse(string text) => Naming.Normalize(text) switch
    {
        "gitlab" => CiSystem.GitLab,
        "jenkins" => CiSystem.Jenkins,
        "circleci" or "circle" => CiSystem.CircleCi,
        _ => throw new UsageException($"--generate-configuration {text}: expected gitlab, jenkins or circleci."),
    };

    /// <summary>Where each system reads its file, relative to the repository root.</summary>
    public static string FileName(CiSystem system) => system switch
    {
        CiSystem.GitLab => ".gitlab-ci.yml",
        CiSystem.Jenkins => "Jenkinsfile",
        _ => Path.Combine(".circleci", "config.yml"),
    };

    public static string Keyword(CiSystem system) => system switch
    {
        CiSystem.GitLab => "gitlab",
        CiSystem.Jenkins => "jenkins",
        _ => "circleci",
    };
}
