namespace Pipelines.Targets.CiConfiguration;

/// <summary>The generated file's text for its system: (system, targets and their parameters, tool invocation) in, text out.</summary>
internal static class CiConfigurationText
{
    public static string Render(CiConfigurationRequest request) => request.System switch
    {
        CiSystem.GitLab => GitLabConfiguration.Render(request),
        CiSystem.Jenkins => JenkinsConfiguration.Render(request),
        _ => CircleCiConfiguration.Render(request),
    };
}
