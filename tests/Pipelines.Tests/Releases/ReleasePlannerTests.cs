using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Tests.Releases;

/// <summary>The pure decisions, without git, registry or cluster.</summary>
public sealed class ReleasePlannerTests
{
    private static readonly EnvironmentConfig Staging = new("staging", "environments/staging", "sock-shop", Automation.Automatic, "glob:*", null, null, null, 1);

    private static Workload Workload(string name, string image, string annotations = "") =>
        WorkloadReader.Read($"environments/staging/{name}.yaml", ReleaseWorld.Deployment(name, image, annotations), "sock-shop")[0];

    private static EnvironmentScan Scan(params Workload[] workloads) => new(Staging, workloads, []);

    private static TaggedImage Tag(string tag, int day, bool moves = false) =>
        new(tag, Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(tag)), new DateTimeOffset(2026, 1, day, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string>(), moves);

    private static RegistryFacts Tags(string repository, params TaggedImage[] tags) =>
        new(new Dictionary<string, IReadOnlyList<TaggedImage>> { [ImageReference.RepositoryOf(repository)] = tags }, new Dictionary<string, Digest?>());

    /// <summary>History in which each image was rolled back from by alice, newest first.</summary>
    private static Rejections RolledBackFrom(params string[] images) => Rejections.From(images.Select((image, i) =>
        new HistoryEntry($"rel-{i}", ReleaseAction.Rollback, "staging", [new ContainerChange("sock-shop:deployment/app", "app", image, "team/app:0.9.0")],
            "alice, https://ci.example.com/7", $"c{i}", DateTimeOffset.UnixEpoch, "s", null, [])));

    private static string? Newest(string current, string filter, Rejections rejections, IEnumerable<TaggedImage> tags) =>
        AvailableImage.Newest(current, TagPolicy.Parse(filter), rejections, tags).Image?.Split('@')[0];

    [Fact]
    public void Newest_available_follows_the_filter_skips_rejected_images_and_keeps_the_manifest_spelling_pinned_by_digest()
    {
        var tags = new[] { Tag("1.0.0", 1), Tag("1.0.1", 2), Tag("1.1.0", 3), Tag("latest", 4, moves: true) };
        Assert.Equal("team/app:1.1.0", Newest("team/app:1.0.0", "glob:*", Rejections.None, tags));
        Assert.Equal($"team/app:1.1.0@{tags[2].Digest}", AvailableImage.Newest("team/app:1.0.0", TagPolicy.Parse("glob:*"), Rejections.None, tags).Image);
        Assert.Equal("team/app:1.0.1", Newest("team/app:1.0.0", "semver:~1.0", Rejections.None, tags));
        Assert.Equal("team/app:1.0.1", Newest("team/app:1.0.0", "glob:*", RolledBackFrom("docker.io/team/app:1.1.0"), tags));
        Assert.Equal("team/app:1.0.0", Newest("team/app:1.0.0", "glob:*", RolledBackFrom("team/app:1.1.0", "team/app:1.0.1"), tags));
        Assert.Null(Newest("team/app:1.0.0", "semver:^2", Rejections.None, tags));
    }

    [Fact]
    public void ForWorkload_reports_per_container_whether_a_newer_image_is_allowed()
    {
        var workload = Workload("carts", "team/carts:1.0.0", "  annotations:\n    pipelines/tag.carts: \"semver:~1.0\"");
        var available = AvailableImage.ForWorkload(workload, Staging, _ => [Tag("1.0.0", 1), Tag("1.0.2", 2), Tag("2.0.0", 3)], Rejections.None);
        var carts = Assert.Single(available);
        Assert.Equal("team/carts:1.0.2", carts.Newest!.Split('@')[0]);
        Assert.True(carts.HasUpdate);
        Assert.Equal("semver:~1.0", carts.TagFilter);
    }

    [Fact]
    public void A_locked_workload_is_skipped_naming_who_and_why_unless_forced_by_name()
    {
        var scan = Scan(Workload("payment", "team/payment:1.0.0", "  annotations: {pipelines/locked: \"true\", pipelines/locked-by: bob, pipelines/locked-message: audit}"));
        var facts = Tags("team/payment", Tag("1.0.0", 1), Tag("2.0.0", 2));
        var all = ReleasePlanner.Plan(scan, new ReleaseRequest([], true, [], null, true, Force: true), facts, Rejections.None);
        Assert.Equal("locked by bob: audit", all[0].Result.Reason);
        var named = ReleasePlanner.Plan(scan, new ReleaseRequest(["payment"], false, [], null, true, Force: true), facts, Rejections.None);
        Assert.Equal("team/payment:2.0.0", named[0].Result.Changes[0].To.Split('@')[0]);
    }

    [Fact]
    public void Flux_v1_lock_annotations_count_as_locks()
    {
        var scan = Scan(Workload("payment", "team/payment:1.0.0", "  annotations: {fluxcd.io/locked: \"true\", fluxcd.io/locked_user: dave, fluxcd.io/locked_msg: freeze}"));
        var plan = ReleasePlanner.Plan(scan, new ReleaseRequest(["payment"], false, [], null, true), Tags("team/payment", Tag("2.0.0", 2)), Rejections.None);
        Assert.Equal("locked by dave: freeze", plan[0].Result.Reason);
    }

    [Fact]
    public void A_repository_the_registry_does_not_know_is_image_not_in_registry()
    {
        var plan = ReleasePlanner.Plan(Scan(Workload("carts", "team/carts:1.0.0")), new ReleaseRequest(["carts"], false, [], null, true), RegistryFacts.None, Rejections.None);
        Assert.Equal(SkipReason.ImageNotInRegistry, plan[0].Result.Reason);
    }

    [Fact]
    public void Rollback_picks_the_release_that_set_what_runs_now_and_passes_over_rollbacks()
    {
        var workload = Workload("carts", "team/carts:1.2.0");
        var id = workload.Id;
        HistoryEntry Entry(string release, ReleaseAction action, string from, string to) =>
            new(release, action, "staging", [new ContainerChange(id, "carts", from, to)], "alice", "c", DateTimeOffset.UnixEpoch, "s", null, [id]);
        var history = new[]
        {
            Entry("rel-3", ReleaseAction.Rollback, "team/carts:1.3.0", "team/carts:1.2.0"),
            Entry("rel-2", ReleaseAction.Release, "team/carts:1.2.0", "team/carts:1.3.0"),
            Entry("rel-1", ReleaseAction.Release, "team/carts:1.0.0", "team/carts:1.2.0"),
        };
        var plan = RollbackPlanner.Plan(workload, history, null);
        Assert.Equal("team/carts:1.0.0", plan.Planned.Result.Changes[0].To);
        Assert.Equal("rel-1", plan.RollbackOf);
        Assert.Equal("team/carts:1.3.0", RollbackPlanner.Plan(workload, history, "rel-2").Planned.Result.Changes[0].To);
    }

    [Fact]
    public void Promotion_refuses_a_source_whose_rollout_failed_or_is_in_progress()
    {
        Assert.Equal("rollout in staging failed: ImagePullBackOff",
            SourceRollout.Refusal(new LiveWorkload("x", [], 0, 1, new RolloutState("m", false, "ImagePullBackOff", "0/1")), "staging"));
        Assert.Equal("rollout in staging in progress: Waiting for 1 pod",
            SourceRollout.Refusal(new LiveWorkload("x", [], 0, 1, new RolloutState("Waiting for 1 pod", false, null, "0/1")), "staging"));
        Assert.Null(SourceRollout.Refusal(new LiveWorkload("x", [], 1, 1, new RolloutState("done", true, null, "1/1")), "staging"));
        Assert.Equal("not running in staging", SourceRollout.Refusal(null, "staging"));
    }

    [Fact]
    public void Release_edits_change_only_the_images_and_carry_what_they_meant_for_the_check_before_the_push()
    {
        var text = ReleaseWorld.Deployment("carts", "team/carts:1.0.0", "  annotations:\n    pipelines/rejected.carts: \"team/carts:1.1.0\"");
        var workload = WorkloadReader.Read("carts.yaml", text, "sock-shop")[0];
        var release = PlannedWorkload.Change(workload, [new ContainerChange(workload.Id, "carts", "team/carts:1.0.0", "team/carts:1.2.0")]);
        var edit = Assert.Single(ReleaseEdits.For([release], _ => text));
        Assert.Equal(text.Replace("carts:1.0.0", "carts:1.2.0"), edit.NewContent);
        Assert.Equal("spec.template.spec.containers[0].image", Assert.Single(edit.Intent).Path.ToString());
        Assert.Null(ChangeCheck.Problem("carts.yaml", text, edit.NewContent, edit.Intent));
    }
}
