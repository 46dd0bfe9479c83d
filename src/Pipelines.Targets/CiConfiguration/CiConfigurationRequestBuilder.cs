using Pipelines.Shared;
using Pipelines.Targets.Definitions;
using Pipelines.Targets.Parameters;
using Pipelines.Targets.Planning;

namespace Pipelines.Targets.CiConfiguration;

/// <summary>
/// Decides what a generated CI file holds, from the planned targets and the resolved parameters. Pure.
/// Variables: the parameters a planned target <c>Requires</c> (with their current value) and every non-secret
/// parameter given on the command line while generating. Secrets: every secret parameter declared by the
/// target set of a planned target, bound by name only — whatever value is known now is never used.
/// </summary>
internal static class CiConfigurationRequestBuilder
{
    public static CiConfigurationRequest Build(
        CiSystem system,
        IReadOnlyList<TargetNode> plan,
        IReadOnlyList<string> invoked,
        IReadOnlyList<ParameterDefinition> parameters,
        CiToolInvocation tool,
        string generatedBy,
        string settingsFolder)
    {
        var required = plan.SelectMany(t => t.Definition?.RequiredParameters ?? []).Select(TargetDefinition.MemberNameOf).ToHashSet();
        var variables = new List<CiVariable>();
        var missing = new List<string>();
        foreach (var parameter in parameters.Where(p => !p.IsSecret))
        {
            var given = parameter.Source == "command line";
            if (!given && !required.Contains(parameter.MemberName)) continue;
            if (ValueText(parameter.Value) is { } text)
            {
                RefuseUrlCredentials(system, parameter, text, parameters);
                variables.Add(new CiVariable(parameter.EnvironmentVariable, text, parameter.Description));
            }
            else missing.Add($"--{parameter.CommandLineName}");
        }
        if (missing.Count > 0)
        {
            throw new UsageException(
                $"The generated {CiSystems.Keyword(system)} file would run {string.Join(' ', invoked)}, which require {string.Join(", ", missing)}, but no value is given. " +
                $"Give the value(s) when generating (or in {settingsFolder}/parameters.json); they are written into the file as PIPELINES_<NAME> variables.");
        }

        var owners = plan.Select(t => t.Definition?.Owner).OfType<TargetSet>().ToHashSet();
        var secrets = parameters
            .Where(p => p.IsSecret && p.Owners.Any(owners.Contains))
            .Select(p => new CiSecret(p.ExtraEnvironmentVariables.FirstOrDefault() ?? p.EnvironmentVariable, p.CommandLineName, p.Description))
            .ToList();

        var ordered = plan.Select(t => t.Name).Where(invoked.Contains).ToList();
        return new CiConfigurationRequest(system, plan.Select(t => t.Name).ToList(), ordered, variables, secrets, tool, generatedBy);
    }

    // A generated file is meant to be committed: a credential in it is published to everyone who can read the repository.
    private static void RefuseUrlCredentials(CiSystem system, ParameterDefinition parameter, string text, IReadOnlyList<ParameterDefinition> parameters)
    {
        if (!UrlCredentials.SecretsIn(text).Any()) return;
        var secrets = parameters.Where(p => p.IsSecret).Select(p => $"--{p.CommandLineName} ({p.ExtraEnvironmentVariables.FirstOrDefault() ?? p.EnvironmentVariable})").ToList();
        throw new UsageException(
            $"--{parameter.CommandLineName} holds a URL with a credential in it (a password, or a token as the user name). The generated {CiSystems.Keyword(system)} " +
            $"file is meant to be committed, so it is not written with it. Give the URL without the credential, and keep the credential in the CI system's " +
            "secret store" + (secrets.Count > 0 ? $", bound to a secret parameter such as {string.Join(" or ", secrets)}." : "."));
    }

    /// <summary>A value as its <c>PIPELINES_&lt;NAME&gt;</c> variable reads it back (arrays comma-separated); null when unset.</summary>
    public static string? ValueText(object? value) => value switch
    {
        null => null,
        string text => text.Length == 0 ? null : text,
        string[] texts => texts.Length == 0 ? null : string.Join(',', texts),
        bool flag => flag ? "true" : "false",
        TimeSpan span => ValueConverter.FormatDuration(span),
        Enum e => Naming.ToKebabCase(e.ToString()),
        Array array => array.Length == 0 ? null : string.Join(',', array.Cast<object>().Select(ValueText)),
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
