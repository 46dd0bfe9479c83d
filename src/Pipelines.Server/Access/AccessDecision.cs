using Pipelines.Config;
using Pipelines.Server.Api;

namespace Pipelines.Server.Access;

/// <summary>
/// The pure rules of who may do what: which role an operation needs, the role a caller holds in an environment, and the
/// refusal users read. The API and the web console both decide here, so a button and an API call are refused alike.
/// </summary>
public static class AccessDecision
{
    /// <summary>The role an operation on an environment needs (see <see cref="AccessRole"/>): automation is an admin's, going
    /// past someone's lock an approver's, every other write a deployer's.</summary>
    public static AccessRole Needed(string operation, bool force) => operation switch
    {
        "automate" or "deautomate" => AccessRole.Admin,
        _ when force => AccessRole.Approver,
        _ => AccessRole.Deployer,
    };

    /// <summary>The higher of the caller's role everywhere and what <paramref name="rules"/> grant them in <paramref name="environment"/>.</summary>
    public static AccessRole? RoleOf(ApiCaller caller, string environment, AccessRules rules) =>
        rules.RoleOf(environment, caller.Principals) is { } granted && (caller.Everywhere is null || granted > caller.Everywhere) ? granted : caller.Everywhere;

    /// <summary>Null when <paramref name="has"/> suffices; else what to tell the caller (what was refused, what it needs, how to get it).</summary>
    public static string? Refusal(ApiCaller caller, string environment, AccessRole? has, AccessRole needed, string what)
    {
        if (has >= needed) return null;
        var holds = has is null ? $"{caller.Name} has no role in {environment}"
            : caller.Everywhere == has && caller.Email is null && has == AccessRole.Viewer ? $"{caller.Name} has a read-only token ({Name(has.Value)} of {environment})"
            : $"{caller.Name} is {Name(has.Value)} of {environment}";
        var principal = caller.Principals.FirstOrDefault(p => p.StartsWith("user:", StringComparison.Ordinal) || p.StartsWith("token:", StringComparison.Ordinal))
            ?? $"token:{caller.Name}";
        return $"{holds}; {what} needs the {Name(needed)} role there. An admin can grant it in pipelines.yaml's access: section " +
            $"(e.g. {environment}: {{ {Name(needed)}: [{principal}] }}). Nothing was changed.";
    }

    public static string Name(AccessRole role) => role.ToString().ToLowerInvariant();
}
