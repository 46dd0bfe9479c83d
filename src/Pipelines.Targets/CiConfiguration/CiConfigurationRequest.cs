namespace Pipelines.Targets.CiConfiguration;

/// <summary>Everything a generated CI file says, decided before any text is written.</summary>
/// <param name="Plan">The invoked targets and their dependencies, in the order they run.</param>
/// <param name="Invoked">The targets the job names on its command line, in plan order.</param>
/// <param name="GeneratedBy">The command that generated the file, for its header.</param>
internal sealed record CiConfigurationRequest(
    CiSystem System,
    IReadOnlyList<string> Plan,
    IReadOnlyList<string> Invoked,
    IReadOnlyList<CiVariable> Variables,
    IReadOnlyList<CiSecret> Secrets,
    CiToolInvocation Tool,
    string GeneratedBy)
{
    public string RunCommand => $"{Tool.Command} {string.Join(' ', Invoked)}";
}

/// <summary>A non-secret parameter written into the file: <c>PIPELINES_ENVIRONMENT: staging</c>.</summary>
internal sealed record CiVariable(string Name, string Value, string Description);

/// <summary>A secret parameter, bound from the CI system's secret store to <paramref name="Variable"/>;
/// <paramref name="Id"/> names it there (a Jenkins credential id). Its value is never part of the file.</summary>
internal sealed record CiSecret(string Variable, string Id, string Description);
