namespace Pipelines.Targets;

/// <summary>A developer's terminal, or any CI system not recognised.</summary>
public sealed class TerminalHost(IReadOnlyDictionary<string, string> environment) : CiHost(environment)
{
    public override string Name => "Terminal";
    public override bool IsCi => false;
    public override string? Commit => null;
    public override string? Branch => null;
    public override string? BuildNumber => null;
    public override string? BuildUrl => null;
}
