using Pipelines.Config;

namespace Pipelines.Tests.Config;

/// <summary>pipelines.yaml's <c>access:</c> section read into grants, and the role a set of principals holds per environment.</summary>
public sealed class AccessRulesTests
{
    private const string Yaml = """
        environments:
          staging: {path: environments/staging}
          production: {path: environments/production, promoteFrom: staging}
        access:
          "*":
            viewer: [everyone]
          staging:
            deployer: [group:developers, token:ci]
            admin: user:alice@example.com
          production:
            deployer:
              - group:release-managers
            approver: [user:Bob@Example.com]
        """;

    [Fact]
    public void Access_section_is_read_with_the_line_of_each_grant()
    {
        var access = PipelinesConfig.Parse(Yaml).Access;

        Assert.Equal(6, access.Grants.Count);
        Assert.Equal(new AccessGrant("*", AccessRole.Viewer, "everyone", 6), access.Grants[0]);
        Assert.Equal(new AccessGrant("staging", AccessRole.Admin, "user:alice@example.com", 9), access.Grants[3]);
        Assert.Equal(new AccessGrant("production", AccessRole.Deployer, "group:release-managers", 12), access.Grants[4]);
    }

    [Fact]
    public void A_role_holds_in_its_environment_only_and_the_highest_grant_wins()
    {
        var access = PipelinesConfig.Parse(Yaml).Access;
        string[] releaseManager = ["user:rm@example.com", "group:release-managers", AccessRules.Everyone];

        Assert.Equal(AccessRole.Deployer, access.RoleOf("production", releaseManager));
        Assert.Equal(AccessRole.Viewer, access.RoleOf("staging", releaseManager)); // "*" only: a production deployer is no staging deployer
        Assert.Equal(AccessRole.Admin, access.RoleOf("staging", ["user:alice@example.com", "group:developers", AccessRules.Everyone]));
        Assert.Equal(AccessRole.Approver, access.RoleOf("production", ["user:bob@example.com"])); // names compare case-insensitively
        Assert.Null(access.RoleOf("production", ["token:ci"])); // only the principals given count
        Assert.Equal(AccessRole.Deployer, access.RoleOf("staging", ["token:ci"]));
    }

    [Fact]
    public void Without_an_access_section_nobody_is_granted_anything()
    {
        var config = PipelinesConfig.Parse("environments:\n  staging: {path: s}\n");

        Assert.Empty(config.Access.Grants);
        Assert.Null(config.Access.RoleOf("staging", [AccessRules.Everyone]));
    }
}
