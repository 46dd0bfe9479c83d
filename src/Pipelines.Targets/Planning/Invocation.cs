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
    IReadOnlyDictionary<string, ParameterWords> Parameters)
{
    /// <summary><c>--generate-configuration gitlab</c>: write the CI file instead of running targets.</summary>
    public string? GenerateConfiguration { get; init; }

    /// <summary><c>--invoked-targets A B</c>: the targets the generated CI file runs (default: the targets named first).</summary>
    public IReadOnlyList<string>? InvokedTargets { get; init; }

    /// <summary><c>--overwrite</c>: replace a CI file that differs from the generated one.</summary>
    public bool Overwrite { get; init; }

    /// <summary><c>--version</c>: print the tool's name and version, run nothing.</summary>
    public bool Version { get; init; }
}

/// <summary>The words given after <c>--name</c>, keyed by the normalised name.</summary>
internal sealed record ParameterWords(string WrittenAs, List<string> Words);
