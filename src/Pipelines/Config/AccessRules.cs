namespace Pipelines.Config;

/// <summary>
/// The <c>access:</c> section of pipelines.yaml: per environment (or <c>*</c> for every one), which principals hold which
/// role. A principal is <c>group:NAME</c> (a group claim of the sign-in), <c>user:NAME</c> (an email, user name or subject
/// of the sign-in), <c>token:NAME</c> (an API token's name) or <c>everyone</c> (anyone signed in). Kept in the config repo,
/// so a change of who may release is a reviewed commit like any other.
/// </summary>
public sealed class AccessRules
{
    /// <summary>Every environment: the key of <c>access:</c> that grants in all of them.</summary>
    public const string AllEnvironments = "*";

    public const string Everyone = "everyone";

    private readonly IReadOnlyList<AccessGrant> _grants;

    public AccessRules(IReadOnlyList<AccessGrant> grants) => _grants = grants;

    /// <summary>No <c>access:</c> section: nobody is granted anything by pipelines.yaml.</summary>
    public static AccessRules None { get; } = new([]);

    public IReadOnlyList<AccessGrant> Grants => _grants;

    /// <summary>The highest role any of <paramref name="principals"/> holds in <paramref name="environment"/>; null: none.
    /// Names compare case-insensitively, as identity providers differ in how they spell emails and groups.</summary>
    public AccessRole? RoleOf(string environment, IEnumerable<string> principals)
    {
        var mine = principals.ToHashSet(StringComparer.OrdinalIgnoreCase);
        AccessRole? best = null;
        foreach (var grant in _grants)
        {
            if ((grant.Environment == environment || grant.Environment == AllEnvironments) && mine.Contains(grant.Principal) && (best is null || grant.Role > best))
            {
                best = grant.Role;
            }
        }
        return best;
    }
}

/// <summary>One line of <c>access:</c>: <paramref name="Principal"/> holds <paramref name="Role"/> in <paramref name="Environment"/>
/// (<c>*</c>: every environment), written at <paramref name="Line"/> of pipelines.yaml.</summary>
public sealed record AccessGrant(string Environment, AccessRole Role, string Principal, int Line);
