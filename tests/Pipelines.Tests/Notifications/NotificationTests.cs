using Pipelines.Tests.Documents;
using Pipelines.Manifests;
using Pipelines.Notifications;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.Tests.Notifications;

/// <summary>--notify-url's rule for picking the payload, the masking of secrets in URLs, and the payloads themselves.</summary>
public sealed class NotificationTests
{
    [Fact]
    public void Slack_prefix_or_hooks_slack_com_gets_slacks_payload_and_its_url_is_never_shown()
    {
        var prefixed = NotifyUrl.Parse("slack+https://chat.example.com/hooks/T1/B2/secret-token");
        Assert.Equal(NotifyFormat.Slack, prefixed.Format);
        Assert.Equal("https://chat.example.com/hooks/T1/B2/secret-token", prefixed.Target.ToString());
        Assert.Equal("https://chat.example.com/**** (slack)", prefixed.Display);

        var slack = NotifyUrl.Parse("https://hooks.slack.com/services/T1/B2/secret-token");
        Assert.Equal(NotifyFormat.Slack, slack.Format);
        Assert.DoesNotContain("secret", slack.Display);

        var generic = NotifyUrl.Parse("https://bot:p4ss@ops.example.com:8443/deploys?token=abc&team=shop");
        Assert.Equal(NotifyFormat.Json, generic.Format);
        Assert.Equal("https://ops.example.com:8443/deploys?token=****&team=****", generic.Display);
        Assert.Equal("https://discord.example.com/api/****", NotifyUrl.Parse("https://discord.example.com/api/webhooks/123/secret-token").Display);
    }

    [Fact]
    public void A_url_that_is_not_http_is_a_usage_error_that_does_not_repeat_the_whole_value()
    {
        var error = FaultAssert.Usage(() => NotifyUrl.Parse("hooks.slack.com/services/T1/B2/secret-token"));
        Assert.Contains("--notify-url hooks.slack.…: not an http(s) URL", error.Message);
        Assert.Contains("slack+https://", error.Message);
        Assert.DoesNotContain("secret-token", error.Message);
    }

    private static ReleaseReport Failed() => new("rel-01abc", "production", "3c5e1a2b9f", true,
    [
        new WorkloadResult("shop:deployment/carts", WorkloadStatus.Failed, "rollout failed: ImagePullBackOff",
            [new ContainerChange("shop:deployment/carts", "carts", "repo/carts:1.0", "repo/carts:1.2")]),
        new WorkloadResult("shop:deployment/payment", WorkloadStatus.Skipped, "locked", []),
    ]) { Action = ReleaseAction.Release, Branch = "main" };

    [Fact]
    public void Generic_payload_names_event_outcome_workloads_images_commit_release_and_cause_and_leaves_skipped_workloads_out()
    {
        var json = Schemas.AssertConforms(NotificationPayload.Json(new ReleaseNotice(Failed(), "automation", Automated: true)).ToJsonString());

        Assert.Equal("Notification", (string?)json["kind"]);
        Assert.Equal("failed", (string?)json["report"]!["results"]![0]!["status"]);
        Assert.Equal("automated-release", (string?)json["event"]);
        Assert.Equal("failed", (string?)json["outcome"]);
        Assert.Equal("production", (string?)json["environment"]);
        Assert.Equal("rel-01abc", (string?)json["release"]);
        Assert.Equal("3c5e1a2b9f", (string?)json["commit"]);
        Assert.Equal("automation", (string?)json["cause"]);
        var carts = Assert.Single(json["workloads"]!.AsArray())!;
        Assert.Equal("failed", (string?)carts["status"]);
        Assert.Equal("rollout failed: ImagePullBackOff", (string?)carts["reason"]);
        Assert.Equal("repo/carts:1.0", (string?)carts["changes"]![0]!["from"]);
        Assert.Equal("repo/carts:1.2", (string?)carts["changes"]![0]!["to"]);
    }

    [Fact]
    public void Slack_payload_has_a_text_fallback_and_blocks_and_escapes_what_would_ping_a_channel()
    {
        var json = NotificationPayload.Slack(new ReleaseNotice(Failed(), "<!channel> mallory", Automated: false));

        Assert.Equal("Release rel-01abc in production FAILED: shop:deployment/carts (commit 3c5e1a2, by <!channel> mallory)", (string?)json["text"]);
        var blocks = json["blocks"]!.AsArray();
        Assert.Equal(["section", "section", "context"], blocks.Select(b => (string?)b!["type"]));
        Assert.Contains("&lt;!channel&gt; mallory", blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("*failed*: rollout failed: ImagePullBackOff", blocks[1]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("repo/carts:1.0 → repo/carts:1.2", blocks[1]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Only_operations_that_committed_or_failed_are_worth_a_notification()
    {
        Assert.True(ReleaseNotice.Worth(Failed()));
        Assert.False(ReleaseNotice.Worth(new ReleaseReport("rel-1", "staging", null, false, [])));
        Assert.False(ReleaseNotice.Worth(Failed() with { DryRun = true }));
    }
}
