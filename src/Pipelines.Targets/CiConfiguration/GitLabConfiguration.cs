using System.Text;

namespace Pipelines.Targets.CiConfiguration;

/// <summary>
/// <c>.gitlab-ci.yml</c>: one job on a shell runner. Non-secret parameters are <c>variables:</c>; secrets are
/// project CI/CD variables marked Masked (and Protected), which GitLab passes to the job's environment, so the
/// file only names them.
/// </summary>
internal static class GitLabConfiguration
{
    public static string Render(CiConfigurationRequest request)
    {
        var text = new StringBuilder();
        foreach (var line in CiConfigurationHeader.Lines(request)) text.Append("# ").AppendLine(line);
        if (request.Secrets.Count > 0)
        {
            text.AppendLine("# Secrets: add them under Settings > CI/CD > Variables, Masked and Protected (never in this file):");
            foreach (var secret in request.Secrets) text.AppendLine($"#   {secret.Variable}: {Quoting.Comment(secret.Description)}");
        }
        text.AppendLine("stages: [pipelines]");
        if (request.Variables.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("variables:");
            foreach (var variable in request.Variables) text.AppendLine($"  {variable.Name}: {Quoting.Yaml(variable.Value)}");
        }
        text.AppendLine();
        text.AppendLine("pipelines:");
        text.AppendLine("  stage: pipelines");
        text.AppendLine("  script:");
        foreach (var line in request.Tool.Install.Append(request.RunCommand)) text.AppendLine($"    - {Quoting.Yaml(line)}");
        return text.ToString();
    }
}
