using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Tests.Releases;

/// <summary>One listing of an environment: the API and the web UI show its services (the config repo's order), ListServices its running
/// containers (the cluster's order, workloads the config repo does not have included).</summary>
public sealed class ServiceListingTests
{
    private static readonly EnvironmentConfig Staging = new("staging", "environments/staging", "sock-shop", Automation.Automatic, "glob:*", null, null, null, 1);
    private static readonly RolloutState Done = new("rolled out", true, null, "");

    private const string Manifests = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: front-end
          namespace: sock-shop
        spec:
          template:
            spec:
              containers:
              - name: front-end
                image: weaveworksdemos/front-end:0.3.12
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: carts
          namespace: sock-shop
          annotations:
            pipelines/tag.carts: "bogus:1"
        spec:
          template:
            spec:
              containers:
              - name: carts
                image: weaveworksdemos/carts:0.4.8
        """;

    private static readonly TaggedImage Newer = new("0.3.13", Digest.Sha256("0.3.13"u8.ToArray()), DateTimeOffset.UnixEpoch.AddDays(1), new Dictionary<string, string>(), false);
    private static readonly TaggedImage Current = new("0.3.12", Digest.Sha256("0.3.12"u8.ToArray()), DateTimeOffset.UnixEpoch, new Dictionary<string, string>(), false);

    private static IReadOnlyList<TaggedImage>? TagsOf(string image) =>
        ImageReference.RepositoryOf(image) == "docker.io/weaveworksdemos/front-end" ? [Newer, Current] : [];

    private static LiveWorkload Live(string id, params LiveContainer[] containers) => new(id, containers, 1, 1, Done);

    private static EnvironmentStatus Listing(IReadOnlyList<LiveWorkload>? live) =>
        ServiceListing.Of(Staging, "0123456789abcdef", new EnvironmentScan(Staging, WorkloadReader.Read("environments/staging/shop.yaml", Manifests, "sock-shop"), ["a warning"]),
            live, TagsOf, Rejections.None, ["a warning"]);

    [Fact]
    public void Services_follow_the_config_repo_and_running_rows_follow_the_cluster()
    {
        var status = Listing([
            Live("sock-shop:deployment/carts", new LiveContainer("carts", "weaveworksdemos/carts:0.4.8", false)),
            Live("sock-shop:deployment/extra", new LiveContainer("extra", "busybox:1", false)),
            Live("sock-shop:cronjob/report", new LiveContainer("report", "busybox:1", false)),
            Live("sock-shop:deployment/front-end", new LiveContainer("wait", "busybox:1", true), new LiveContainer("front-end", "weaveworksdemos/front-end:0.3.12", false)),
        ]);

        Assert.Equal(["sock-shop:deployment/front-end", "sock-shop:deployment/carts"], status.Services.Select(s => s.Workload.Id));
        Assert.Equal("weaveworksdemos/front-end:0.3.13@" + Newer.Digest, status.Services[0].Containers[0].Newest);
        Assert.Equal("1/1", status.Services[0].Ready);
        Assert.Equal(
            [
                "SERVICE                         CONTAINER  IMAGE                             RELEASE                           READY  POLICY",
                "sock-shop:deployment/carts      carts      weaveworksdemos/carts:0.4.8                                         1/1    automated, carts=bogus:1",
                "sock-shop:deployment/extra      extra      busybox:1                                                           1/1",
                "sock-shop:cronjob/report        report     busybox:1                                                           -",
                "sock-shop:deployment/front-end  front-end  weaveworksdemos/front-end:0.3.12  weaveworksdemos/front-end:0.3.13  1/1    automated",
            ],
            ServiceListing.Text(status.Running, withPolicy: true));
    }

    [Fact]
    public void A_tag_filter_that_cannot_be_used_is_a_problem_and_names_the_listing_failure_only_when_its_workload_runs()
    {
        var running = Listing([Live("sock-shop:deployment/carts", new LiveContainer("carts", "weaveworksdemos/carts:0.4.8", false))]);
        var notRunning = Listing([Live("sock-shop:deployment/front-end", new LiveContainer("front-end", "weaveworksdemos/front-end:0.3.12", false))]);

        Assert.Equal("bogus:1", running.PolicyFailure!.Filter);
        Assert.Equal(["a warning", $"sock-shop:deployment/carts: {running.PolicyFailure.Message}"], running.Problems);
        Assert.Null(notRunning.PolicyFailure);
        Assert.Equal(["a warning"], running.Warnings);
    }

    [Fact]
    public void Without_a_cluster_there_are_services_and_no_running_rows()
    {
        var status = Listing(null);

        Assert.Equal(2, status.Services.Count);
        Assert.All(status.Services, s => Assert.Null(s.Ready));
        Assert.Empty(status.Running);
    }
}
