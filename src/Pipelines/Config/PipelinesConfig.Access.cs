using Pipelines.Yaml;

namespace Pipelines.Config;

public sealed partial class PipelinesConfig
{
    private static readonly string[] RoleNames = ["viewer", "deployer", "approver", "admin"];
    private const string AccessExample = "access: { production: { deployer: [group:release-managers, user:alice@example.com, token:ci] } }";

    /// <summary>Who may do what where (<c>access:</c>); <see cref="AccessRules.None"/> when pipelines.yaml has no such section.</summary>
    public AccessRules Access { get; private init; } = AccessRules.None;

    // access: { <environment or "*">: { <role>: [<principal>, …] } }; a single principal may stand without a list.
    private static AccessRules ParseAccess(string file, YamlNode? node, IReadOnlyList<EnvironmentConfig> environments)
    {
        if (node is null or YamlScalar { IsNull: true }) return AccessRules.None;
        if (node is not YamlMapping byEnvironment)
        {
            throw new ManifestException(file, node.Line, node.Column, $"'access:' must map environments to roles and who holds them, e.g. {AccessExample}.");
        }
        var grants = new List<AccessGrant>();
        foreach (var (environmentNode, value) in byEnvironment.Entries)
        {
            var environment = environmentNode?.Value
                ?? throw new ManifestException(file, value.Line, value.Column, $"an access: key must be an environment name or \"*\", e.g. {AccessExample}.");
            if (environment != AccessRules.AllEnvironments && environments.All(e => e.Name != environment))
            {
                throw new ManifestException(file, environmentNode.Line, environmentNode.Column, $"access: names environment '{environment}', which is not under environments:; " +
                    $"write one of: {string.Join(", ", environments.Select(e => e.Name).Append("\"*\" (every environment)"))}.");
            }
            if (value is not YamlMapping byRole)
            {
                throw new ManifestException(file, value.Line, value.Column, $"access of '{environment}' must map roles ({string.Join(", ", RoleNames)}) to who holds them, " +
                    $"e.g. {environment}: {{ deployer: [group:developers] }}.");
            }
            foreach (var (roleNode, holders) in byRole.Entries)
            {
                var roleName = roleNode?.Value ?? "(a list or mapping)";
                var role = RoleNames.Contains(roleName) ? (AccessRole)(Array.IndexOf(RoleNames, roleName) + 1)
                    : throw new ManifestException(file, (roleNode ?? holders).Line, (roleNode ?? holders).Column,
                        $"access of '{environment}': unknown role '{roleName}'; write one of: {string.Join(", ", RoleNames)} (each includes the ones before it).");
                foreach (var principal in Principals(file, environment, roleName, holders))
                {
                    grants.Add(new AccessGrant(environment, role, principal.Value, principal.Line));
                }
            }
        }
        return new AccessRules(grants);
    }

    private static IEnumerable<YamlScalar> Principals(string file, string environment, string role, YamlNode holders)
    {
        IReadOnlyList<YamlNode> items = holders switch
        {
            YamlSequence list => list.Items,
            YamlScalar { IsNull: false } one => [one],
            _ => throw new ManifestException(file, holders.Line, holders.Column,
                $"access of '{environment}': '{role}:' must list who holds it, e.g. {role}: [group:developers, user:alice@example.com, token:ci, everyone]."),
        };
        foreach (var item in items)
        {
            if (item is not YamlScalar { IsNull: false } principal)
            {
                throw new ManifestException(file, item.Line, item.Column, $"access of '{environment}', {role}: each entry is one principal such as group:developers, not a list or mapping.");
            }
            var value = principal.Value.Trim();
            var colon = value.IndexOf(':');
            var kind = colon > 0 ? value[..colon] : value;
            if (!(value == AccessRules.Everyone || (kind is "group" or "user" or "token" && value.Length > colon + 1)))
            {
                throw new ManifestException(file, principal.Line, principal.Column, $"access of '{environment}', {role}: '{principal.Value}' is not a principal; " +
                    "write group:<group claim>, user:<email or user name>, token:<API token name> or everyone.");
            }
            yield return principal with { Value = value };
        }
    }
}
