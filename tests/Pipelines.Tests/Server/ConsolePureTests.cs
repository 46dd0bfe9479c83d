using System.Text.Json.Nodes;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Server.Ui;
using Pipelines.Server.Ui.Matrix;

namespace Pipelines.Tests.Server;

/// <summary>The release console's decisions, without a server: health, what a cell offers, outcomes, causes and the preview's diff.</summary>
public sealed class ConsolePureTests
{
    private static ServiceStatus Service(string? ready = "3/3", bool done = true, bool failed = false, IReadOnlyList<string>? troubles = null,
        string? newest = "shop/carts:1.2.0", IReadOnlyList<Rejection>? rejected = null)
    {
        var workload = new Workload("sock-shop:deployment/carts", "Deployment", "sock-shop", "carts", "environments/staging/carts.yaml", 0, 1,
            new Dictionary<string, string>(), [new WorkloadContainer("carts", "shop/carts:1.0.0", false, null!)], null!);
        var policy = new WorkloadPolicy(true, false, null, null, new Dictionary<string, string>());
        return new ServiceStatus(workload, policy, [new ContainerStatus("carts", "shop/carts:1.0.0", null, "glob:*", newest, rejected ?? [])], ready, null)
        {
            RolloutDone = done,
            RolloutFailed = failed,
            Troubles = troubles ?? [],
        };
    }

    [Fact]
    public void A_pod_in_image_pull_back_off_is_failing_even_when_every_replica_is_ready()
    {
        Assert.Equal(CellHealth.Failing, CellHealths.Of(Service("3/3", troubles: ["pod/carts-7d9: carts ImagePullBackOff"])));
        Assert.Equal(CellHealth.Failing, CellHealths.Of(Service("3/3", done: false, failed: true)));
        Assert.Equal(CellHealth.Healthy, CellHealths.Of(Service("3/3")));
        Assert.Equal(CellHealth.Progressing, CellHealths.Of(Service("2/3", done: false)));
        Assert.Equal(CellHealth.Unknown, CellHealths.Of(Service(ready: null))); // no cluster asked: grey, not green
    }

    [Fact]
    public void A_rejected_image_is_never_offered_as_the_newest()
    {
        var rejection = new Rejection("shop/carts:1.2.0", "rel-1", "alice", "abc1234");
        Assert.Null(ServiceMatrix.Pending(Service(rejected: [rejection])));
        Assert.False(ServiceMatrix.OffersRelease(Service(rejected: [rejection])));
        Assert.Equal("shop/carts:1.2.0", ServiceMatrix.Pending(Service()));
        Assert.Null(ServiceMatrix.Pending(Service(newest: null)));
    }

    [Fact]
    public void A_pod_belongs_to_the_workload_whose_match_labels_it_carries()
    {
        var deployment = JsonNode.Parse("""{"spec":{"selector":{"matchLabels":{"name":"carts","tier":"web"}}}}""")!.AsObject();
        Assert.True(PodSelector.Selects(deployment, JsonNode.Parse("""{"metadata":{"labels":{"name":"carts","tier":"web","pod-template-hash":"7d9"}}}""")!.AsObject()));
        Assert.False(PodSelector.Selects(deployment, JsonNode.Parse("""{"metadata":{"labels":{"name":"carts"}}}""")!.AsObject()));
        Assert.False(PodSelector.Selects(JsonNode.Parse("""{"spec":{}}""")!.AsObject(), JsonNode.Parse("""{"metadata":{"labels":{}}}""")!.AsObject()));
    }

    private static HistoryEntry Entry(string release, ReleaseAction action, string? rollbackOf = null, string cause = "dana") =>
        new(release, action, "staging", [new ContainerChange("sock-shop:deployment/carts", "carts", "shop/carts:1.0.0", "shop/carts:1.2.0")], cause, "0123456789",
            DateTimeOffset.UnixEpoch, "subject", rollbackOf, ["sock-shop:deployment/carts"]);

    [Fact]
    public void A_release_rolled_back_later_has_that_outcome_and_a_cause_may_link_its_ci_job()
    {
        var release = Entry("rel-1", ReleaseAction.Release, cause: "ci-bot, https://jenkins.example/job/42/");
        var rollback = Entry("rel-2", ReleaseAction.Rollback, rollbackOf: "rel-1", cause: "alice");
        Assert.Equal(new ReleaseOutcome("rolled back by alice", "outcome-bad"), ReleaseOutcome.Of(release, [rollback, release], null));
        Assert.Equal("committed", ReleaseOutcome.Of(rollback, [rollback, release], null).Text);
        Assert.Equal("https://jenkins.example/job/42/", CauseText.CiJob(release.Cause));
        Assert.Equal("ci-bot", CauseText.Who(release.Cause));
        Assert.Null(CauseText.CiJob("mallory, javascript:alert(1)")); // only http(s) becomes a link
    }

    [Fact]
    public void The_preview_diff_shows_the_changed_line_with_three_lines_of_context()
    {
        var before = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 6", "line six");

        var diff = ManifestDiff.Of(before, after);

        Assert.Equal(["@@ -3,7 +3,7 @@", " line 3", " line 4", " line 5", "-line 6", "+line six", " line 7", " line 8", " line 9"],
            diff.Select(l => l.Kind == '@' ? l.Text : $"{l.Kind}{l.Text}"));
        Assert.Equal(["@@ -1,0 +1,1 @@", "+new"], ManifestDiff.Of(null, "new\n").Select(l => l.Kind == '@' ? l.Text : $"{l.Kind}{l.Text}"));
        Assert.Empty(ManifestDiff.Of(before, before));
    }

    [Fact]
    public async Task A_live_run_gives_a_reader_the_events_after_the_last_it_saw_and_wakes_it_at_the_next()
    {
        var run = new Pipelines.Server.Ui.Progress.LiveRun("rel-1", "staging");
        run.Add("plan", "plan: 1 workload to change");
        var (first, finished, changed) = run.Since(-1);
        Assert.Equal([(0, "plan: 1 workload to change")], first.Select(e => (e.Index, e.Text)));
        Assert.False(finished);
        Assert.False(changed.IsCompleted);

        run.Add("progress", "sock-shop:deployment/carts: 0/1 updated");
        await changed; // woken by the next event, not by a timer
        var (next, _, _) = run.Since(0); // a reconnect with Last-Event-ID: 0 gets only what followed
        Assert.Equal([(1, "progress")], next.Select(e => (e.Index, e.Kind)));

        run.Fail(503, "stopped");
        run.Add("step", "after the end");
        var (rest, done, _) = run.Since(1);
        Assert.Empty(rest); // nothing is added once it ended
        Assert.True(done);
        Assert.Equal((503, "stopped"), run.Failure);
    }
}
