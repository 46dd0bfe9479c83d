using static Pipelines.Tests.ProductTargets.SampleConfigRepo;
using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// A Job's pod template is immutable: a real API server refuses a new image after the commit is pushed. So a release
/// to a Job is refused when it is planned, with the reason, and nothing is committed.
/// </summary>
public sealed class ImmutableTemplateTests : IAsyncLifetime
{
    private const string Job = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          namespace: sock-shop
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: migrate
                image: weaveworksdemos/migrate:1.0.0
        """;

    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task UpdateConfigRepo_to_a_job_is_refused_before_anything_is_committed()
    {
        _cluster.Commit("a migration job", ("environments/staging/migrate.yaml", Job));
        var before = _cluster.Server.Log("config", format: "%H");

        var (exitCode, _, stderr) = await _cluster.Run("UpdateConfigRepo", "--environment", "staging", "--service", "migrate", "--image", Pinned("weaveworksdemos/migrate:1.0.1"));

        Assert.Equal(1, exitCode);
        Assert.Contains("sock-shop:job/migrate: a Job's pod template cannot change: the API server refuses a new image (spec.template is immutable)", stderr);
        Assert.Equal(before, _cluster.Server.Log("config", format: "%H"));
    }

    [Fact]
    public void A_release_naming_a_job_is_refused_and_one_of_all_workloads_leaves_it_with_the_reason()
    {
        var environment = new EnvironmentConfig("staging", "environments/staging", "sock-shop", Automation.Automatic, "glob:*", null, null, null, 1);
        var scan = new EnvironmentScan(environment, WorkloadReader.Read("environments/staging/migrate.yaml", Job, "sock-shop"), []);
        var tag = new TaggedImage("1.0.1", Digest.Sha256("1.0.1"u8.ToArray()), DateTimeOffset.UnixEpoch, new Dictionary<string, string>(), false);
        var registry = new RegistryFacts(new Dictionary<string, IReadOnlyList<TaggedImage>> { [ImageReference.RepositoryOf("weaveworksdemos/migrate")] = [tag] },
            new Dictionary<string, Digest?> { ["weaveworksdemos/migrate:1.0.1"] = tag.Digest });

        var named = Assert.Single(ReleasePlanner.Plan(scan, new ReleaseRequest(["migrate"], false, [], "weaveworksdemos/migrate:1.0.1", false), registry, Rejections.None));
        var all = Assert.Single(ReleasePlanner.Plan(scan, new ReleaseRequest([], true, [], null, true), registry, Rejections.None));

        Assert.Equal(WorkloadStatus.Failed, named.Result.Status);
        Assert.StartsWith("a Job's pod template cannot change", named.Result.Reason);
        Assert.False(named.Changes);
        Assert.Equal(WorkloadStatus.Skipped, all.Result.Status);
        Assert.StartsWith("a Job's pod template cannot change", all.Result.Reason);
    }
}
