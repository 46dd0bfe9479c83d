namespace Pipelines.Targets;

/// <summary>
/// Marks a field or property as a parameter: <c>--kebab-case-name</c> on the command line,
/// <c>PIPELINES_UPPER_SNAKE_NAME</c> in the environment, the member name in <c>parameters.json</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Unprefixed environment variables that also supply the value, after <c>PIPELINES_…</c>
    /// (e.g. <c>KUBECONFIG</c>, <c>DOCKER_HOST</c>, <c>GIT_TOKEN</c>). Only what a parameter names is read.</summary>
    public string[] EnvironmentVariables { get; init; } = [];

    /// <summary>A one-letter alias, <c>-o json</c> for <c>--output json</c> (also <c>-o=json</c>, <c>-ojson</c>); '\0': none.
    /// Two parameters of one build cannot share a letter, and <c>h</c> is <c>--help</c>'s.</summary>
    public char Short { get; init; }

    /// <summary>Listed by the global <c>--help</c>, which shows only the parameters most runs use (a build that marks none
    /// shows them all); every parameter is listed by its targets' help, <c>&lt;target&gt; --help</c>.</summary>
    public bool Common { get; init; }

    /// <summary>Given on the command line to a run none of whose targets takes it, the run is refused (exit 2) rather than
    /// warned about: for a parameter whose absence a caller cannot notice, such as <c>--output json</c> asked of a target that
    /// prints no result (a script would parse text).</summary>
    public bool RefusedWhereUnused { get; init; }
}

/// <summary>The parameter's value is a secret: never printed, masked in every line written.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
