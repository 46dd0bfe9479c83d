using System.Text.Json.Nodes;
using Pipelines.Kubernetes;

namespace Pipelines.Tests.Kubernetes;

/// <summary>The pure decisions of early rollout failure: which pod states waiting does not cure, and for how long they must last.</summary>
public sealed class FailureGraceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Pod(string name, string? waiting = null, string? message = null, int restarts = 0, bool running = false, bool ready = false,
        string? unschedulable = null, string? lastExit = null) => JsonNode.Parse($$"""
        {
          "metadata": {"name": "{{name}}"},
          "status": {
            "phase": "{{(running ? "Running" : "Pending")}}",
            "conditions": [
              {"type": "PodScheduled", "status": "{{(unschedulable is null ? "True" : "False")}}"{{(unschedulable is null ? "" : $", \"reason\": \"Unschedulable\", \"message\": \"{unschedulable}\"")}}},
              {"type": "ContainersReady", "status": "{{(ready ? "True" : "False")}}"}
            ],
            "containerStatuses": [{
              "name": "app", "ready": {{(ready ? "true" : "false")}}, "restartCount": {{restarts}},
              "state": {{(waiting is not null ? $"{{\"waiting\": {{\"reason\": \"{waiting}\", \"message\": \"{message}\"}}}}" : running ? "{\"running\": {}}" : "{}")}},
              "lastState": {{(lastExit is null ? "{}" : $"{{\"terminated\": {{\"exitCode\": {lastExit}}}}}")}}
            }]
          }
        }
        """)!.AsObject();

    [Fact]
    public void A_bad_image_held_for_the_grace_fails_the_rollout_with_the_pods_reason()
    {
        var grace = new FailureGrace(TimeSpan.FromSeconds(60));
        var pulling = PodTrouble.Of([Pod("web-1", "ImagePullBackOff", "Back-off pulling image \\\"shop/web:bad\\\"")]);

        Assert.Null(grace.Observe(T0, pulling));
        Assert.Null(grace.Observe(T0.AddSeconds(59), pulling));
        Assert.Equal("the new pods stayed for 60s (--failure-grace) in a state that waiting does not cure: pod/web-1: app ImagePullBackOff (Back-off pulling image \"shop/web:bad\")",
            grace.Observe(T0.AddSeconds(60), pulling));
    }

    [Fact]
    public void A_pull_alternating_between_ErrImagePull_and_ImagePullBackOff_is_one_trouble()
    {
        var grace = new FailureGrace(TimeSpan.FromSeconds(10));

        Assert.Null(grace.Observe(T0, PodTrouble.Of([Pod("web-1", "ErrImagePull", "not found")])));
        Assert.NotNull(grace.Observe(T0.AddSeconds(10), PodTrouble.Of([Pod("web-1", "ImagePullBackOff", "back-off")])));
    }

    [Fact]
    public void A_trouble_that_goes_away_starts_again_from_zero()
    {
        var grace = new FailureGrace(TimeSpan.FromSeconds(10));

        grace.Observe(T0, PodTrouble.Of([Pod("web-1", "CrashLoopBackOff", "back-off restarting", restarts: 3)]));
        grace.Observe(T0.AddSeconds(5), PodTrouble.Of([Pod("web-1", running: true, ready: true, restarts: 3)]));

        Assert.Null(grace.Observe(T0.AddSeconds(12), PodTrouble.Of([Pod("web-1", "CrashLoopBackOff", "back-off restarting", restarts: 4)])));
    }

    [Fact]
    public void A_crash_loop_is_still_one_while_the_container_runs_between_two_crashes()
    {
        var grace = new FailureGrace(TimeSpan.FromSeconds(10));

        grace.Observe(T0, PodTrouble.Of([Pod("web-1", "CrashLoopBackOff", "back-off restarting", restarts: 2)]));

        Assert.Contains("CrashLoopBackOff (restarted 3 times, last exit code 1)",
            grace.Observe(T0.AddSeconds(10), PodTrouble.Of([Pod("web-1", running: true, restarts: 3, lastExit: "1")])));
    }

    [Fact]
    public void Unschedulable_and_unready_pods_are_reported_but_do_not_fail_early()
    {
        var troubles = PodTrouble.Of([
            Pod("big-1", unschedulable: "0/1 nodes are available: 1 Insufficient memory."),
            Pod("web-1", running: true, ready: false),
        ]);
        var grace = new FailureGrace(TimeSpan.Zero);

        Assert.Equal(["pod/big-1: Unschedulable (0/1 nodes are available: 1 Insufficient memory.)", "pod/web-1: app NotReady (running, but its readiness probe does not pass)"],
            troubles.Select(t => t.Text));
        Assert.Null(grace.Observe(T0, troubles));
    }

    [Theory]
    [InlineData("InvalidImageName")]
    [InlineData("CreateContainerConfigError")]
    [InlineData("ErrImagePull")]
    public void States_the_kubelet_does_not_cure_by_waiting_are_unrecoverable(string reason)
    {
        Assert.True(Assert.Single(PodTrouble.Of([Pod("web-1", reason, "x")])).Unrecoverable);
    }
}
