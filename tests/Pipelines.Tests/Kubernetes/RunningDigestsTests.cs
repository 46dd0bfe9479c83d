using System.Text.Json.Nodes;
using Pipelines.Kubernetes;

namespace Pipelines.Tests.Kubernetes;

/// <summary>What Promote takes as "the bytes the source ran" for a tag without a digest: the digest its serving pods report.</summary>
public sealed class RunningDigestsTests
{
    private const string New = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Old = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    private static JsonObject Pod(string digest, bool ready = true, bool terminating = false)
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "carts-" + digest[7..12] },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "carts", ["imageID"] = $"registry.example/carts@{digest}" }),
            },
        };
        if (terminating) pod["metadata"]!["deletionTimestamp"] = "2026-12-07T20:00:00Z";
        return pod;
    }

    [Fact]
    public void The_ready_pods_agreeing_on_one_digest_give_it() =>
        Assert.Equal(New, RunningDigests.Of([Pod(New), Pod(New)])["carts"]);

    [Fact]
    public void Pods_that_disagree_leave_the_digest_unknown() =>
        Assert.Empty(RunningDigests.Of([Pod(New), Pod(Old)]));

    [Fact]
    public void A_pod_of_the_old_replica_set_still_terminating_after_the_rollout_does_not_hide_what_runs() =>
        // A real cluster keeps a deleted pod for its grace period (30 s by default) after the rollout is done.
        Assert.Equal(New, RunningDigests.Of([Pod(New), Pod(Old, ready: false, terminating: true)])["carts"]);

    [Fact]
    public void A_pod_not_ready_yet_is_not_what_the_environment_runs() =>
        Assert.Equal(Old, RunningDigests.Of([Pod(Old), Pod(New, ready: false)])["carts"]);

    [Fact]
    public void No_ready_pod_leaves_the_digest_unknown() =>
        Assert.Empty(RunningDigests.Of([Pod(New, ready: false)]));
}
