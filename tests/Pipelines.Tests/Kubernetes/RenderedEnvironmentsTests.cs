using k8s;
using static Pipelines.Tests.ProductTargets.SampleConfigRepo;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// Environments a renderer owns — a kustomize overlay, Helm values declared in pipelines.yaml, a Flux HelmRelease whose values
/// carry $imagepolicy markers — are not what runs until their GitOps agent renders them, so applying their files directly would
/// apply the wrong thing: with a cluster to apply to, Release, UpdateConfigRepo and Sync refuse them with the reason, before
/// anything is committed.
/// </summary>
public sealed class RenderedEnvironmentsTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterHarness.StartAsync();
        _cluster.Commit("environments a GitOps agent renders", Files());
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static (string Path, string Content)[] Files() =>
    [
        ("pipelines.yaml", """
            environments:
              staging:
                path: environments/staging
                namespace: sock-shop
                cluster: { context: staging }
              kustomized:
                path: environments/kustomized
                namespace: shop-k
                cluster: { context: staging }
              helm:
                path: environments/helm
                namespace: shop-h
                cluster: { context: staging }
                images:
                  - file: environments/helm/front-end-values.yaml
                    workload: shop-h/front-end
                    repository: image.repository
                    tag: image.tag
              flux:
                path: environments/flux
                namespace: shop-f
                cluster: { context: staging }

            """),
        ("bases/front-end/kustomization.yaml", "resources:\n- deployment.yaml\n"),
        ("bases/front-end/deployment.yaml", Service("front-end", "weaveworksdemos/front-end:0.3.12")),
        ("environments/kustomized/kustomization.yaml", "resources:\n- ../../bases/front-end\nimages:\n- name: weaveworksdemos/front-end\n  newTag: 0.3.12\n"),
        ("environments/helm/front-end-values.yaml", "image:\n  repository: weaveworksdemos/front-end\n  tag: \"0.3.12\"\n"),
        ("environments/flux/front-end.yaml", """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: front-end
            spec:
              chart:
                spec: {chart: ./charts/shop, sourceRef: {kind: GitRepository, name: config}}
              values:
                image:
                  repository: weaveworksdemos/front-end # {"$imagepolicy": "flux-system:front-end:name"}
                  tag: 0.3.12 # {"$imagepolicy": "flux-system:front-end:tag"}

            """),
    ];

    public static TheoryData<string, string> RenderedBy => new()
    {
        { "kustomized", "environments/kustomized is rendered by kustomize (environments/kustomized/kustomization.yaml)" },
        {
            "helm", "environments/helm holds shop-h:deployment/front-end, which a renderer (Helm, kustomize) makes from " +
            "environments/helm/front-end-values.yaml image.repository, image.tag (declared in pipelines.yaml:15)"
        },
        {
            "flux", "environments/flux holds shop-f:helmrelease/front-end, which a renderer (Helm, kustomize) makes from " +
            "environments/flux/front-end.yaml spec.values.image.repository, spec.values.image.tag (Flux marker flux-system:front-end)"
        },
    };

    [Theory]
    [MemberData(nameof(RenderedBy))]
    public async Task Release_with_apply_true_is_refused_with_the_reason_and_commits_nothing(string environment, string reason)
    {
        var commits = Commits();

        var (exitCode, _, stderr) = await _cluster.RunWithReleases("Release", "--environment", environment, "--service", "front-end",
            "--image", Pinned("weaveworksdemos/front-end:0.3.13"));

        Assert.Equal(2, exitCode);
        Assert.True(stderr.Contains($"{reason}, so it cannot be applied directly. Pass --apply false", StringComparison.Ordinal), stderr);
        Assert.Equal(commits, Commits());
    }

    [Theory]
    [MemberData(nameof(RenderedBy))]
    public async Task UpdateConfigRepo_with_apply_true_is_refused_with_the_reason_and_commits_nothing(string environment, string reason)
    {
        var commits = Commits();

        var (exitCode, _, stderr) = await _cluster.RunWithReleases("UpdateConfigRepo", "--environment", environment, "--service", "front-end",
            "--image", Pinned("weaveworksdemos/front-end:0.3.13"), "--apply", "true");

        Assert.Equal(2, exitCode);
        Assert.True(stderr.Contains($"{reason}, so it cannot be applied directly. Pass --apply false", StringComparison.Ordinal), stderr);
        Assert.Equal(commits, Commits());
    }

    [Theory]
    [MemberData(nameof(RenderedBy))]
    public async Task Rollback_with_apply_true_is_refused_with_the_reason_and_commits_nothing(string environment, string reason)
    {
        var released = await _cluster.RunWithReleases("Release", "--environment", environment, "--service", "front-end",
            "--image", Pinned("weaveworksdemos/front-end:0.3.13"), "--apply", "false");
        Assert.True(released.ExitCode == 0, released.Stderr);
        var commits = Commits();

        var (exitCode, _, stderr) = await _cluster.RunWithReleases("Rollback", "--environment", environment, "--service", "front-end");

        Assert.Equal(2, exitCode);
        Assert.True(stderr.Contains($"{reason}, so it cannot be applied directly. Pass --apply false", StringComparison.Ordinal), stderr);
        Assert.Equal(commits, Commits());
    }

    [Fact]
    public async Task Sync_of_a_Helm_environment_is_refused_with_the_reason()
    {
        var commits = Commits();

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "helm");

        Assert.Equal(1, exitCode);
        Assert.True(stderr.Contains("environments/helm holds shop-h:deployment/front-end, which a renderer (Helm, kustomize) makes from " +
            "environments/helm/front-end-values.yaml image.repository, image.tag (declared in pipelines.yaml:15), so it cannot be applied directly", StringComparison.Ordinal), stderr);
        Assert.Empty((await _cluster.Client().AppsV1.ListNamespacedDeploymentAsync("shop-h")).Items);
        Assert.Equal(commits, Commits());
    }

    [Fact]
    public async Task The_same_release_with_apply_false_commits_the_value_the_renderer_reads()
    {
        var (exitCode, _, stderr) = await _cluster.RunWithReleases("UpdateConfigRepo", "--environment", "helm", "--service", "front-end",
            "--image", Pinned("weaveworksdemos/front-end:0.3.13"), "--apply", "false");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("tag: \"0.3.13", _cluster.Server.Show("config", "environments/helm/front-end-values.yaml"));
    }

    [Theory]
    [MemberData(nameof(RenderedBy))]
    public async Task With_apply_false_a_rendered_environment_is_released_without_a_dry_run_of_files_the_agent_renders(string environment, string reason)
    {
        // No HelmRelease CRD and none of the namespaces in this cluster: a dry run of the raw files would refuse what the agent renders well.
        var (exitCode, stdout, stderr) = await _cluster.RunWithReleases("Release", "--environment", environment, "--service", "front-end",
            "--image", Pinned("weaveworksdemos/front-end:0.3.13"), "--apply", "false");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"validation: not done ({reason}; its GitOps agent validates what it renders)", stdout + stderr);
        Assert.Contains("0.3.13", _cluster.Server.Log("config", "main", "%B"));
    }

    private string Commits() => _cluster.Server.Log("config", "main", "%H");
}
