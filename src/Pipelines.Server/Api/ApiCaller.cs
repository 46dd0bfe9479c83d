using Pipelines.Config;

namespace Pipelines.Server.Api;

/// <summary>
/// Who calls: an API token's owner or a person signed in to the web console. Never the token or a password, so a caller
/// can be logged, committed and kept in a session cookie safely. What they may do in an environment is
/// <see cref="Everywhere"/> and what pipelines.yaml's <c>access:</c> grants any of their <see cref="Principals"/>
/// (<see cref="Access.EnvironmentAccess"/>).
/// </summary>
/// <param name="Role">Whether this caller may change the environment at hand: the web pages show buttons to
/// <see cref="ApiRole.Operator"/> only. For a token it is its file's role; for a page, its role in that page's environment.</param>
public sealed record ApiCaller(string Name, ApiRole Role)
{
    /// <summary>A person's email from their sign-in; null for a token. With one, their commits are authored by them.</summary>
    public string? Email { get; init; }

    /// <summary>What <c>access:</c> may name this caller by: <c>token:NAME</c>, or a person's <c>user:</c> and <c>group:</c>
    /// principals; both also <c>everyone</c>.</summary>
    public IReadOnlyList<string> Principals { get; init; } = [];

    /// <summary>The role held in every environment whatever <c>access:</c> says: a token file's role (read: viewer, operator:
    /// admin, as before roles per environment existed); null for people and for tokens of role <c>none</c>.</summary>
    public AccessRole? Everywhere { get; init; }

    /// <summary>How the page header shows the role (<c>operator</c>, <c>deployer of staging</c>); null: <see cref="Role"/>.</summary>
    public string? RoleText { get; init; }

    /// <summary>What commits record as <c>Pipelines-Cause</c>: the name, and the email of a person.</summary>
    public string Cause => Email is null ? Name : $"{Name} <{Email}>";

    /// <summary>Equal when every field is, the principals by their values (a record compares lists by reference).</summary>
    public bool Equals(ApiCaller? other) => other is not null && Name == other.Name && Role == other.Role && Email == other.Email &&
        Everywhere == other.Everywhere && RoleText == other.RoleText && Principals.SequenceEqual(other.Principals);

    public override int GetHashCode() => HashCode.Combine(Name, Role, Email, Everywhere);
}
