using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.Tests.Releases;

/// <summary>Plans for a moving tag followed by digest, and Flux v1's filter and ignore annotations.</summary>
public sealed class MovingTagAndAliasPlannerTests
{
    private static readonly EnvironmentConfig Staging = new("staging", "environments/staging", "sock-shop", Automation.Automatic, "glob:*", null, null, null, 1);
    private static readonly Digest Old = Digest.Sha256([1]);
    private static readonly Digest New = Digest.Sha256([2]);

    private static Workload Workload(string name, string image, string annotations = "") =>
        WorkloadReader.Read($"environments/staging/{name}.yaml", ReleaseWorld.Deployment(name, image, annotations), "sock-shop")[0];

    private static RegistryFacts Tags(string repository, params TaggedImage[] tags) =>
        new(new Dictionary<string, IReadOnlyList<TaggedImage>> { [ImageReference.RepositoryOf(repository)] = tags }, new Dictionary<string, Digest?>());

    private static TaggedImage Tag(string tag, Digest digest, int day = 1, bool moves = false) =>
        new(tag, digest, new DateTimeOffset(2026, 1, day, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string>(), moves);

    private static WorkloadResult Automate(Workload workload, RegistryFacts facts, Rejections? rejections = null) =>
        ReleasePlanner.Plan(new EnvironmentScan(Staging, [workload], []), new ReleaseRequest([], false, [], null, false, Automated: true), facts, rejections ?? Rejections.None)[0].Result;

    private const string FollowAlpine = "  annotations:\n    pipelines/tag.redis: \"digest:alpine\"";

    [Fact]
    public void A_moving_tag_whose_digest_changed_is_released_pinned_to_the_new_digest()
    {
        var result = Automate(Workload("redis", $"redis:alpine@{Old}", FollowAlpine), Tags("redis", Tag("alpine", New, moves: true), Tag("7.2", Old)));

        Assert.Equal(WorkloadStatus.Success, result.Status);
        Assert.Equal($"redis:alpine@{New}", Assert.Single(result.Changes).To);
    }

    [Fact]
    public void A_moving_tag_at_the_same_digest_is_up_to_date_and_an_unpinned_one_is_pinned()
    {
        Assert.Equal(SkipReason.UpToDate, Automate(Workload("redis", $"redis:alpine@{New}", FollowAlpine), Tags("redis", Tag("alpine", New, moves: true))).Reason);
        Assert.Equal($"redis:alpine@{New}", Assert.Single(Automate(Workload("redis", "redis:alpine", FollowAlpine), Tags("redis", Tag("alpine", New))).Changes).To);
    }

    [Fact]
    public void A_rollback_between_two_digests_of_a_moving_tag_rejects_the_digest_it_left_not_the_tag()
    {
        var rollback = new HistoryEntry("rel-9", ReleaseAction.Rollback, "staging",
            [new ContainerChange("sock-shop:deployment/redis", "redis", $"redis:alpine@{New}", $"redis:alpine@{Old}")], "alice", "c9", DateTimeOffset.UnixEpoch, "s", null, []);
        var rejections = Rejections.From([rollback]);

        Assert.NotNull(rejections.Of($"docker.io/library/redis:alpine@{New}"));
        Assert.Null(rejections.Of($"redis:alpine@{Old}"));
        Assert.Null(rejections.Of("redis:alpine"));
        var result = Automate(Workload("redis", $"redis:alpine@{Old}", FollowAlpine), Tags("redis", Tag("alpine", New, moves: true)), rejections);
        Assert.Equal("newer image rejected: alpine (rolled back in rel-9 by alice)", result.Reason);
    }

    [Fact]
    public void Flux_v1_filter_annotation_is_read_as_the_containers_tag_filter_and_pipelines_wins_over_it()
    {
        var facts = Tags("team/app", Tag("1.0.0", Old, 1), Tag("1.1.0", New, 2), Tag("2.0.0", Digest.Sha256([3]), 3));
        Assert.StartsWith("team/app:1.1.0@", Automate(Workload("app", "team/app:1.0.0", "  annotations:\n    filter.fluxcd.io/app: \"semver:~1\""), facts).Changes[0].To);
        Assert.StartsWith("team/app:2.0.0@", Automate(Workload("app", "team/app:1.0.0",
            "  annotations:\n    filter.fluxcd.io/app: \"semver:~1\"\n    pipelines/tag.app: \"glob:*\""), facts).Changes[0].To);
    }

    [Fact]
    public void A_workload_flux_v1_ignores_is_left_out_of_every_release_saying_why()
    {
        var ignored = Workload("app", "team/app:1.0.0", "  annotations:\n    fluxcd.io/ignore: \"true\"");
        var request = new ReleaseRequest(["app"], false, [], "team/app:1.1.0", false);
        var facts = new RegistryFacts(new Dictionary<string, IReadOnlyList<TaggedImage>>(), new Dictionary<string, Digest?> { ["team/app:1.1.0"] = New });

        var result = ReleasePlanner.Plan(new EnvironmentScan(Staging, [ignored], []), request, facts, Rejections.None)[0].Result;

        Assert.Equal(WorkloadStatus.Skipped, result.Status);
        Assert.Equal("ignored (fluxcd.io/ignore: \"true\")", result.Reason);
    }
}
