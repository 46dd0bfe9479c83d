using Pipelines.Shared;
using Pipelines.Targets.Output;
using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Parameters;

/// <summary>
/// Gives every parameter its value, highest source first: command line; <c>PIPELINES_&lt;NAME&gt;</c>; the
/// unprefixed variables the parameter declares; <c>--profile</c> files (later ones win); <c>parameters.json</c>;
/// else the default written in code (<see cref="ParameterDefinition.ReadDefault"/>). Secret values are registered with the
/// masker as soon as they are known, and so are the credentials written into any URL of any value
/// (<c>https://user:password@host</c>, <c>https://TOKEN@host</c>), before the value is even converted: an error about the
/// value must not print them.
/// </summary>
internal static class ParameterResolver
{
    public static void Resolve(
        IReadOnlyList<ParameterDefinition> parameters,
        Invocation invocation,
        IReadOnlyDictionary<string, string> environment,
        SettingsFiles files,
        SecretMasker masker,
        string toolName)
    {
        foreach (var (_, given) in invocation.Parameters) foreach (var word in given.Words) MaskUrlCredentials(word, masker);
        foreach (var text in environment.Values) MaskUrlCredentials(text, masker);
        files.MaskUrlCredentials(text => MaskUrlCredentials(text, masker));

        foreach (var (key, given) in invocation.Parameters)
        {
            if (parameters.Any(p => Naming.Normalize(p.MemberName) == key)) continue;
            var closest = Naming.Closest(given.WrittenAs, parameters.Select(p => p.CommandLineName).Concat(CommandLine.BuiltInOptions));
            throw new UsageException(
                $"Unknown parameter --{given.WrittenAs}." +
                (closest.Count > 0 ? $" Did you mean {string.Join(" or ", closest.Select(c => "--" + c))}?" : "") +
                $" Run {toolName} --help for the parameters.");
        }

        foreach (var parameter in parameters)
        {
            var (value, source, found) = Find(parameter, invocation, environment, files);
            if (found)
            {
                parameter.Inject(value);
                parameter.Source = source;
            }
            else
            {
                parameter.Value = parameter.ReadDefault();
            }
            if (parameter.IsSecret) MaskAll(parameter.Value, masker);
        }
    }

    private static (object? Value, string? Source, bool Found) Find(
        ParameterDefinition parameter, Invocation invocation, IReadOnlyDictionary<string, string> environment, SettingsFiles files)
    {
        if (invocation.Parameters.TryGetValue(Naming.Normalize(parameter.MemberName), out var given))
        {
            return (ValueConverter.FromWords(parameter, given.Words, "command line"), "command line", true);
        }
        foreach (var variable in parameter.ExtraEnvironmentVariables.Prepend(parameter.EnvironmentVariable))
        {
            if (environment.TryGetValue(variable, out var text) && text.Length > 0)
            {
                return (ValueConverter.FromEnvironment(parameter, text, variable), variable, true);
            }
        }
        if (files.TryGet(parameter, out var json, out var file))
        {
            return (ValueConverter.FromJson(parameter, json, file), file, true);
        }
        return (null, null, false);
    }

    private static void MaskUrlCredentials(string text, SecretMasker masker)
    {
        if (!text.Contains("://", StringComparison.Ordinal)) return;
        foreach (var secret in UrlCredentials.SecretsIn(text)) masker.Add(secret);
    }

    private static void MaskAll(object? value, SecretMasker masker)
    {
        switch (value)
        {
            case string text: masker.Add(text); break;
            case string[] texts: foreach (var text in texts) masker.Add(text); break;
        }
    }
}
