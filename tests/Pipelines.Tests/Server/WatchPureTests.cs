using Pipelines.Config;
using Pipelines.Server.Access;
using Pipelines.Server.Api;
using Pipelines.Server.Automation;
using Pipelines.Server.Hooks;
using Pipelines.Targets;

namespace Pipelines.Tests.Server;

/// <summary>The Watch service's pure decisions: tokens, the notification envelope, the retry delay.</summary>
public sealed class WatchPureTests
{
    [Fact]
    public void Tokens_file_gives_roles_and_names_and_errors_name_the_line_never_the_token()
    {
        var tokens = ApiTokens.Parse("# comment\n\nread-token-0123456789 read\noperator-token-0123456789 operator Dana Smith\n" +
            "deploy-token-0123456789 deployer ci\nnone-token-0123456789 none bot\n", "tokens.txt");
        Assert.Equal(new ApiCaller("token-3", ApiRole.Read) { Everywhere = AccessRole.Viewer, Principals = ["token:token-3", "everyone"], RoleText = "read" },
            tokens.Find("read-token-0123456789"));
        // The earlier roles keep their meaning: operator may do everything everywhere, read see everything.
        Assert.Equal(new ApiCaller("Dana Smith", ApiRole.Operator) { Everywhere = AccessRole.Admin, Principals = ["token:Dana Smith", "everyone"], RoleText = "operator" },
            tokens.Find("operator-token-0123456789"));
        Assert.Equal(AccessRole.Deployer, tokens.Find("deploy-token-0123456789")?.Everywhere);
        Assert.Null(tokens.Find("none-token-0123456789")?.Everywhere); // only what access: grants token:bot
        Assert.Null(tokens.Find("read-token-012345678"));

        var error = FaultAssert.Usage(() => ApiTokens.Parse("secret-token-0123456789 root\n", "tokens.txt"));
        Assert.Equal("tokens.txt:1: role 'root' is not one of viewer, deployer, approver, admin, none (or read, operator as before).", error.Message);
        Assert.DoesNotContain("secret-token", FaultAssert.Usage(() => ApiTokens.Parse("short read", "t")).Message);
    }

    [Fact]
    public void Each_write_needs_its_role_and_a_refusal_says_what_to_grant()
    {
        Assert.Equal(AccessRole.Deployer, AccessDecision.Needed("release", force: false));
        Assert.Equal(AccessRole.Deployer, AccessDecision.Needed("lock", force: false));
        Assert.Equal(AccessRole.Approver, AccessDecision.Needed("rollback", force: true));
        Assert.Equal(AccessRole.Admin, AccessDecision.Needed("automate", force: false));

        var rules = new AccessRules([new AccessGrant("production", AccessRole.Deployer, "group:release-managers", 9)]);
        var person = new ApiCaller("Pat", ApiRole.Read) { Email = "pat@example.com", Principals = ["user:pat@example.com", "group:release-managers", "everyone"] };
        Assert.Equal(AccessRole.Deployer, AccessDecision.RoleOf(person, "production", rules));
        Assert.Null(AccessDecision.RoleOf(person, "staging", rules));
        Assert.Equal("Pat has no role in staging; release of sock-shop/carts needs the deployer role there. An admin can grant it in pipelines.yaml's access: " +
            "section (e.g. staging: { deployer: [user:pat@example.com] }). Nothing was changed.",
            AccessDecision.Refusal(person, "staging", null, AccessRole.Deployer, "release of sock-shop/carts"));
        Assert.Null(AccessDecision.Refusal(person, "production", AccessRole.Deployer, AccessRole.Deployer, "release"));

        // A token's role everywhere, raised by access: where it grants more.
        var reader = ApiTokens.Parse("read-token-0123456789 read rita\n", "t").Find("read-token-0123456789")!;
        var granted = new AccessRules([new AccessGrant("staging", AccessRole.Deployer, "token:rita", 3)]);
        Assert.Equal(AccessRole.Deployer, AccessDecision.RoleOf(reader, "staging", granted));
        Assert.Equal(AccessRole.Viewer, AccessDecision.RoleOf(reader, "production", granted));
        Assert.StartsWith("rita has a read-only token (viewer of production); lock of sock-shop/carts needs the deployer role there.",
            AccessDecision.Refusal(reader, "production", AccessRole.Viewer, AccessRole.Deployer, "lock of sock-shop/carts"));
    }

    [Fact]
    public void Notification_envelope_yields_tag_pushes_only()
    {
        var pushes = RegistryNotification.Pushes("""
            {"events":[
              {"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","repository":"shop/carts","tag":"1.2.0"},"request":{"host":"127.0.0.1:5000"}},
              {"action":"push","target":{"repository":"shop/carts","digest":"sha256:abc"}},
              {"action":"pull","target":{"repository":"shop/carts","tag":"1.2.0"}}
            ]}
            """);
        Assert.Equal([new PushedTag("127.0.0.1:5000/shop/carts", "1.2.0")], pushes);
        Assert.Throws<System.Text.Json.JsonException>(() => RegistryNotification.Pushes("""{"image":"x"}"""));
    }

    [Fact]
    public void Webhook_secret_is_accepted_bare_or_as_bearer()
    {
        Assert.True(RegistryNotification.Authorized("Bearer s3cret-value", "s3cret-value"));
        Assert.True(RegistryNotification.Authorized("s3cret-value", "s3cret-value"));
        Assert.False(RegistryNotification.Authorized("Bearer s3cret", "s3cret-value"));
        Assert.False(RegistryNotification.Authorized(null, "s3cret-value"));
    }

    [Fact]
    public void Retry_delay_doubles_from_two_seconds_up_to_the_poll_interval()
    {
        var poll = TimeSpan.FromMinutes(1);
        Assert.Equal(poll, RetryDelay.After(0, poll));
        Assert.Equal(TimeSpan.FromSeconds(2), RetryDelay.After(1, poll));
        Assert.Equal(TimeSpan.FromSeconds(4), RetryDelay.After(2, poll));
        Assert.Equal(poll, RetryDelay.After(10, poll));
        Assert.Equal(poll, RetryDelay.After(1000, poll));
    }
}
