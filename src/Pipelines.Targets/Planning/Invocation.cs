namespace Pipelines.Targets.Planning;

/// <summary>What the command line asked for, before anything is checked against the declared targets and parameters.</summary>
internal sealed record Invocation(
    IReadOnlyList<string> Targets,
    IReadOnlyList<string>? Skip,
    bool Help,
    bool Plan,
    string? Verbosity,
    string? Root,
    IReadOnlyList<string> Profiles,
    bool NoLogo,
    IReadOnlyDictionary<string, ParameterWords> Parameters);

/// <summary>The words given after <c>--name</c>, keyed by the normalised name.</summary>
internal sealed record ParameterWords(string WrittenAs, List<string> Words);
