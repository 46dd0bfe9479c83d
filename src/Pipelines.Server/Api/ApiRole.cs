namespace Pipelines.Server.Api;

/// <summary>Whether a caller may change the environment at hand: what the web pages show buttons by. The decision itself is
/// the role per environment (<see cref="Access.AccessDecision"/>); this is its summary for a page.</summary>
public enum ApiRole
{
    Read,
    Operator,
}
