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
        var tokens = ApiTokens.Parse("# comment\n\nread-token-0123456789 read\noperator-token-0123456789 operator Dana Smith\n", "tokens.txt");
        Assert.Equal(new ApiCaller("token-3", ApiRole.Read), tokens.Find("read-token-0123456789"));
        Assert.Equal(new ApiCaller("Dana Smith", ApiRole.Operator), tokens.Find("operator-token-0123456789"));
        Assert.Null(tokens.Find("read-token-012345678"));

        var error = FaultAssert.Usage(() => ApiTokens.Parse("secret-token-0123456789 admin\n", "tokens.txt"));
        Assert.Equal("tokens.txt:1: role 'admin' is neither read nor operator.", error.Message);
        Assert.DoesNotContain("secret-token", FaultAssert.Usage(() => ApiTokens.Parse("short read", "t")).Message);
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
