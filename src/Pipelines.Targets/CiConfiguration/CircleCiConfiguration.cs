using System.Text;

namespace Pipelines.Targets.CiConfiguration;

/// <summary>
/// <c>.circleci/config.yml</c>: one job on a <c>machine</c> executor (a local Docker engine, which image targets
/// need), run by a workflow that attaches the context <c>pipelines</c> holding the secrets as environment
/// variables. Non-secret parameters are the job's <c>environment</c>.
/// </summary>
internal static class CircleCiConfiguration
{
    public const string Context = "pipelines";

    public static string Render(CiConfigurationRequest request)
    {
        var text = new StringBuilder();
        foreach (var line in CiConfigurationHeader.Lines(request)) text.AppendLine($"# {line}");
        if (request.Secrets.Count > 0)
        {
            text.AppendLine($"# Secrets: add them to the context \"{Context}\" (Organization Settings > Contexts), never to this file:");
            foreach (var secret in request.Secrets) text.AppendLine($"#   {secret.Variable}: {Quoting.Comment(secret.Description)}");
        }
        text.AppendLine("version: 2.1");
        text.AppendLine();
        text.AppendLine("jobs:");
        text.AppendLine("  pipelines:");
        text.AppendLine("    machine:");
        text.AppendLine("      image: ubuntu-2204:current");
        if (request.Variables.Count > 0)
        {
            text.AppendLine("    environment:");
            foreach (var variable in request.Variables) text.AppendLine($"      {variable.Name}: {Quoting.Yaml(variable.Value)}");
        }
        text.AppendLine("    steps:");
        text.AppendLine("      - checkout");
        if (request.Tool.Install.Count > 0)
        {
            var install = request.Tool.NeedsDotnet ? DotnetOnPath.Concat(request.Tool.Install) : request.Tool.Install;
            Run(text, "Install", install);
        }
        Run(text, string.Join(' ', request.Invoked), [request.RunCommand]);
        text.AppendLine();
        text.AppendLine("workflows:");
        text.AppendLine("  pipelines:");
        text.AppendLine("    jobs:");
        text.AppendLine("      - pipelines:");
        text.AppendLine($"          context: [{Context}]");
        return text.ToString();
    }

    // Machine images lack the .NET SDK; install it once and put it on PATH for later steps ($BASH_ENV).
    private static readonly string[] DotnetOnPath =
    [
        "command -v dotnet >/dev/null || { curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 && echo 'export PATH=\"$HOME/.dotnet:$PATH\"' >> \"$BASH_ENV\"; }",
        "export PATH=\"$HOME/.dotnet:$PATH\"",
    ];

    private static void Run(StringBuilder text, string name, IEnumerable<string> lines)
    {
        text.AppendLine("      - run:");
        text.AppendLine($"          name: {Quoting.Yaml(name)}");
        text.AppendLine("          command: |");
        foreach (var line in lines) text.AppendLine($"            {line}");
    }
}
