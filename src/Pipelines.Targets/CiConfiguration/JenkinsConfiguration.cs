using System.Text;

namespace Pipelines.Targets.CiConfiguration;

/// <summary>
/// A declarative <c>Jenkinsfile</c>. Non-secret parameters go in <c>environment { }</c>; each secret is a
/// Secret text credential bound by <c>withCredentials</c> to the variable Pipelines reads. Shell steps are
/// <c>sh '''…'''</c> so that the shell, not Groovy, expands variables: secrets never become script text.
/// </summary>
internal static class JenkinsConfiguration
{
    public static string Render(CiConfigurationRequest request)
    {
        var text = new StringBuilder();
        foreach (var line in CiConfigurationHeader.Lines(request)) text.AppendLine($"// {line}");
        if (request.Secrets.Count > 0)
        {
            text.AppendLine("// Secrets: add each as a 'Secret text' credential (Manage Jenkins > Credentials) with this id;");
            text.AppendLine("// withCredentials fails on an id Jenkins does not know, so delete the lines of those you do not use:");
            foreach (var secret in request.Secrets) text.AppendLine($"//   {secret.Id} -> {secret.Variable}: {Quoting.Comment(secret.Description)}");
        }
        text.AppendLine("pipeline {");
        text.AppendLine("    agent any   // needs the .NET SDK and a Docker engine (DOCKER_HOST or /var/run/docker.sock) for image targets");
        if (request.Variables.Count > 0)
        {
            text.AppendLine("    environment {");
            foreach (var variable in request.Variables) text.AppendLine($"        {variable.Name} = {Quoting.Groovy(variable.Value)}");
            text.AppendLine("    }");
        }
        text.AppendLine("    stages {");
        if (request.Tool.Install.Count > 0) Stage(text, "Install", request.Tool.Install, []);
        Stage(text, string.Join(' ', request.Invoked), [request.RunCommand], request.Secrets);
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }

    private static void Stage(StringBuilder text, string name, IEnumerable<string> lines, IReadOnlyList<CiSecret> secrets)
    {
        text.AppendLine($"        stage({Quoting.Groovy(name)}) {{");
        text.AppendLine("            steps {");
        var indent = "                ";
        if (secrets.Count > 0)
        {
            text.AppendLine($"{indent}withCredentials([");
            foreach (var secret in secrets)
            {
                text.AppendLine($"{indent}    string(credentialsId: {Quoting.Groovy(secret.Id)}, variable: {Quoting.Groovy(secret.Variable)}),");
            }
            text.AppendLine($"{indent}]) {{");
            indent += "    ";
        }
        text.AppendLine($"{indent}sh '''");
        // Inside ''' Groovy still reads backslashes as escapes; doubling them hands the shell the line as written.
        foreach (var line in lines) text.AppendLine($"{indent}    {line.Replace("\\", "\\\\")}");
        text.AppendLine($"{indent}'''");
        if (secrets.Count > 0) text.AppendLine($"{indent[..^4]}}}");
        text.AppendLine("            }");
        text.AppendLine("        }");
    }
}
