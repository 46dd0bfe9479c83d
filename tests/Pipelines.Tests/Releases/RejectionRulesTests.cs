using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.Tests.Releases;

/// <summary>Rejections, explicit images and locks as the planner decides them: pure, without git, registry or cluster.</summary>
public sealed class RejectionRulesTests
{
    private const string Id = "sock-shop:deployment/app";
    private static readonly EnvironmentConfig Staging = new("staging", "environments/staging", "sock-shop", Automation.Automatic, "glob:*", null, null, null, 1);

    private static Workload Workload(string name, string image, string annotations = "") =>
        WorkloadReader.Read($"environments/staging/{name}.yaml", ReleaseWorld.Deployment(name, image, annotations), "sock-shop")[0];

    private static EnvironmentScan Scan(params Workload[] workloads) => new(Staging, workloads, []);

    private static TaggedImage Tag(string tag, int day) =>
        new(tag, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(tag)), new DateTimeOffset(2026, 1, day, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string>());

    private static RegistryFacts Tags(string repository, params TaggedImage[] tags) =>
        new(new Dictionary<string, IReadOnlyList<TaggedImage>> { [ImageReference.RepositoryOf(repository)] = tags }, new Dictionary<string, Digest?>());

    private static HistoryEntry Entry(ReleaseAction action, string from, string to, string release = "rel-x", string cause = "automation") =>
        new(release, action, "staging", [new ContainerChange(Id, "app", from, to)], cause, "c", DateTimeOffset.UnixEpoch, "s", null, [Id]);

    private static readonly HistoryEntry[] TwoBadBuilds =
    [
        Entry(ReleaseAction.Release, "team/app:1.0.0", "team/app:0.9.9", "rel-5", "bob"),
        Entry(ReleaseAction.Rollback, "team/app:1.2.0", "team/app:1.0.0", "rel-4"),
        Entry(ReleaseAction.Release, "team/app:1.0.0", "team/app:1.2.0", "rel-3"),
        Entry(ReleaseAction.Rollback, "team/app:1.1.0", "team/app:1.0.0", "rel-2", "alice, https://ci.example.com/1"),
        Entry(ReleaseAction.Release, "team/app:1.0.0", "team/app:1.1.0", "rel-1"),
    ];

    [Fact]
    public void Two_bad_builds_in_a_row_both_stay_rejected_and_releasing_another_image_clears_neither()
    {
        var rejections = Rejections.From(TwoBadBuilds);
        Assert.Equal(["team/app:1.1.0", "team/app:1.2.0"], rejections.All.Select(r => r.Image).Order());
        Assert.Equal("newer image rejected: 1.1.0 (rolled back in rel-2 by alice)", rejections.Of("docker.io/team/app:1.1.0@sha256:" + new string('a', 64))!.SkipReason);
    }

    [Fact]
    public void Only_an_explicit_release_of_the_image_or_an_unreject_clears_its_rejection()
    {
        var released = Rejections.From(TwoBadBuilds.Prepend(Entry(ReleaseAction.Release, "team/app:0.9.9", "team/app:1.1.0@sha256:" + new string('b', 64), "rel-6", "carol")));
        Assert.Null(released.Of("team/app:1.1.0"));
        Assert.NotNull(released.Of("team/app:1.2.0"));

        var unreject = new HistoryEntry("rel-6", ReleaseAction.Unreject, "staging", [], "carol", "c", DateTimeOffset.UnixEpoch, "s", null, []) { Unrejected = ["team/app:1.2.0"] };
        Assert.Null(Rejections.From(TwoBadBuilds.Prepend(unreject)).Of("team/app:1.2.0"));
        Assert.NotNull(Rejections.From(TwoBadBuilds.Prepend(unreject)).Of("team/app:1.1.0"));
    }

    [Fact]
    public void A_rollback_that_only_dropped_a_digest_pin_rejects_nothing()
    {
        Assert.Empty(Rejections.From([Entry(ReleaseAction.Rollback, "team/app:1.0.0@sha256:" + new string('c', 64), "team/app:1.0.0")]).All);
    }

    [Fact]
    public void Automation_passing_over_a_rejected_image_says_which_one_and_who_rolled_it_back()
    {
        var plan = ReleasePlanner.Plan(Scan(Workload("app", "team/app:1.0.0")), new ReleaseRequest([], false, [], null, false, Automated: true),
            Tags("team/app", Tag("1.0.0", 1), Tag("1.1.0", 2), Tag("1.2.0", 3)), Rejections.From(TwoBadBuilds));
        Assert.Equal(WorkloadStatus.Skipped, plan[0].Result.Status);
        Assert.Equal("newer image rejected: 1.2.0 (rolled back in rel-4 by automation)", plan[0].Result.Reason);
    }

    [Fact]
    public void A_rejection_holds_for_every_workload_running_the_repository()
    {
        var scan = Scan(Workload("app", "team/app:1.0.0"), Workload("app-worker", "team/app:1.0.0"));
        var plan = ReleasePlanner.Plan(scan, new ReleaseRequest([], false, [], null, false, Automated: true),
            Tags("team/app", Tag("1.0.0", 1), Tag("1.1.0", 2)), Rejections.From(TwoBadBuilds.Skip(3)));
        Assert.All(plan, p => Assert.StartsWith("newer image rejected: 1.1.0", p.Result.Reason));
    }

    [Fact]
    public void An_explicit_image_is_pinned_by_its_digest_and_one_the_registry_lacks_fails()
    {
        var scan = Scan(Workload("carts", "team/carts:1.0.0"));
        var digest = Digest.Sha256([1]);
        var facts = new RegistryFacts(new Dictionary<string, IReadOnlyList<TaggedImage>>(), new Dictionary<string, Digest?> { ["team/carts:1.2.0"] = digest, ["team/carts:9.9.9"] = null });

        var pinned = ReleasePlanner.Plan(scan, new ReleaseRequest(["carts"], false, [], "team/carts:1.2.0", false), facts, Rejections.None);
        Assert.Equal($"team/carts:1.2.0@{digest}", pinned[0].Result.Changes[0].To);
        var missing = ReleasePlanner.Plan(scan, new ReleaseRequest(["carts"], false, [], "team/carts:9.9.9", false), facts, Rejections.None);
        Assert.Equal(WorkloadStatus.Failed, missing[0].Result.Status);
        Assert.StartsWith("image not in registry: team/carts:9.9.9", missing[0].Result.Reason);
        var given = $"team/carts:7.0.0@{Digest.Sha256([7])}";
        Assert.Equal(given, ReleasePlanner.Plan(scan, new ReleaseRequest(["carts"], false, [], given, false), RegistryFacts.None, Rejections.None)[0].Result.Changes[0].To);
    }

    [Fact]
    public void Pinning_the_digest_of_the_tag_that_runs_is_not_a_change()
    {
        var facts = new RegistryFacts(new Dictionary<string, IReadOnlyList<TaggedImage>>(), new Dictionary<string, Digest?> { ["team/carts:1.2.0"] = Digest.Sha256([1]) });
        var plan = ReleasePlanner.Plan(Scan(Workload("carts", "team/carts:1.2.0")), new ReleaseRequest(["carts"], false, [], "team/carts:1.2.0", false), facts, Rejections.None);
        Assert.Equal(SkipReason.UpToDate, plan[0].Result.Reason);
    }

    [Fact]
    public void Releasing_a_rejected_image_by_name_says_it_clears_the_rejection()
    {
        var given = $"team/app:1.1.0@{Digest.Sha256([1])}";
        var plan = ReleasePlanner.Plan(Scan(Workload("app", "team/app:1.0.0")), new ReleaseRequest(["app"], false, [], given, false), RegistryFacts.None, Rejections.From(TwoBadBuilds));
        Assert.Equal(WorkloadStatus.Success, plan[0].Result.Status);
        Assert.Equal("1.1.0 was rejected (rolled back in rel-2 by alice); releasing it by name clears that", plan[0].Result.Reason);
    }

    [Fact]
    public void A_locked_workload_named_alone_fails_when_asked_to_and_a_forced_one_says_the_lock_was_overridden()
    {
        var scan = Scan(Workload("payment", "team/payment:1.0.0", "  annotations: {pipelines/locked: \"true\", pipelines/locked-by: bob, pipelines/locked-message: audit}"));
        var given = $"team/payment:2.0.0@{Digest.Sha256([2])}";
        var failed = ReleasePlanner.Plan(scan, new ReleaseRequest(["payment"], false, [], given, false, FailWhenLocked: true), RegistryFacts.None, Rejections.None);
        Assert.Equal(WorkloadStatus.Failed, failed[0].Result.Status);
        Assert.Equal("locked by bob: audit; pass --force to release it anyway", failed[0].Result.Reason);
        var forced = ReleasePlanner.Plan(scan, new ReleaseRequest(["payment"], false, [], given, false, Force: true, FailWhenLocked: true), RegistryFacts.None, Rejections.None);
        Assert.Equal(WorkloadStatus.Success, forced[0].Result.Status);
        Assert.Equal("lock overridden with --force (locked by bob: audit)", forced[0].Result.Reason);
    }

    [Fact]
    public void A_failed_rollout_rolls_back_every_workload_the_release_gave_the_bad_image_and_only_what_still_runs_it()
    {
        var cron = WorkloadReader.Read("environments/staging/report.yaml", """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - {name: app, image: team/app:1.1.0}
            """, "sock-shop")[0];
        var app = Workload("app", "team/app:1.1.0");
        var other = Workload("other", "team/other:2.0.0");
        var released = new[]
        {
            PlannedWorkload.Change(app, [new ContainerChange(app.Id, "app", "team/app:1.0.0", "team/app:1.1.0")]),
            PlannedWorkload.Change(cron, [new ContainerChange(cron.Id, "app", "team/app:1.0.0", "team/app:1.1.0")]),
            PlannedWorkload.Change(other, [new ContainerChange(other.Id, "other", "team/other:1.0.0", "team/other:2.0.0")]),
        };

        var plan = FailedRolloutRollback.Plan(Scan(app, cron, other), released, new HashSet<string> { app.Id });

        Assert.Equal([app.Id, cron.Id], plan.Select(p => p.Workload.Id));   // other's rollout succeeded with an image nobody rejected
        Assert.All(plan, p => Assert.Equal("team/app:1.0.0", Assert.Single(p.Result.Changes).To));
    }
}
