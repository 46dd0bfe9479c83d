using k8s;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// Issue 18, "dry runs show the truth": Sync --dry-run says what Sync will then do, object by object, decided by comparing
/// the live object with the server-side apply's result on the fields Pipelines owns (a dry run never changes the
/// resourceVersion, so comparing those said "unchanged" for everything).
/// </summary>
public sealed class DryRunTruthTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterHarness.StartAsync();
        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging");
        Assert.True(exitCode == 0, stderr);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Sync_dry_run_reports_a_workload_whose_replicas_and_image_drifted_as_configured_and_sync_then_says_the_same()
    {
        Assert.Equal(0, (await _cluster.Kubectl.Run("-n", "sock-shop", "scale", "deployment/front-end", "--replicas=3")).ExitCode);
        Assert.Equal(0, (await _cluster.Kubectl.Run("-n", "sock-shop", "set", "image", "deployment/front-end", "front-end=weaveworksdemos/front-end:0.3.99")).ExitCode);

        var dryRun = await _cluster.Run("Sync", "--environment", "staging", "--dry-run");

        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Contains("deployment.apps/front-end in sock-shop configured (server dry run)", dryRun.Stderr);
        Assert.Contains("service/front-end in sock-shop unchanged (server dry run)", dryRun.Stderr);
        Assert.Matches(@"\(dry run\): 0 created, 1 configured, 2\d unchanged\.", dryRun.Stdout);
        var untouched = await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync("front-end", "sock-shop");
        Assert.Equal(3, untouched.Spec.Replicas);
        Assert.Equal("weaveworksdemos/front-end:0.3.99", untouched.Spec.Template.Spec.Containers[0].Image);

        var sync = await _cluster.Run("Sync", "--environment", "staging");

        Assert.Contains("deployment.apps/front-end in sock-shop configured", sync.Stderr);
        Assert.Matches(@": 0 created, 1 configured, 2\d unchanged\.", sync.Stdout);
        // The dry run says what the sync then does: the same counts and the same objects changed (the steps differ: a sync locks and waits).
        static string Outcome(string stdout) => stdout.Split("What happened:")[0];
        Assert.Equal(Outcome(dryRun.Stdout).Replace(" (dry run)", "", StringComparison.Ordinal), Outcome(sync.Stdout));
    }

    [Fact]
    public async Task Sync_dry_run_of_a_changed_config_repo_says_configured_only_for_what_changed_and_created_for_what_is_new()
    {
        var frontEnd = _cluster.Server.Show("config", "environments/staging/front-end.yaml");
        _cluster.Commit("front-end 0.3.13 and a new config map",
            ("environments/staging/front-end.yaml", frontEnd.Replace("weaveworksdemos/front-end:0.3.12", "weaveworksdemos/front-end:0.3.13", StringComparison.Ordinal)),
            ("environments/staging/settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: sock-shop}\ndata: {greeting: hello}\n"));

        var (exitCode, stdout, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--dry-run");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("configmap/settings in sock-shop created (server dry run)", stderr);
        Assert.Contains("deployment.apps/front-end in sock-shop configured (server dry run)", stderr);
        Assert.Matches(@"\(dry run\): 1 created, 1 configured, 2\d unchanged\.", stdout);
    }

    [Fact]
    public async Task A_field_removed_from_the_config_repo_counts_as_a_change_and_one_the_server_defaults_back_does_not()
    {
        var frontEnd = _cluster.Server.Show("config", "environments/staging/front-end.yaml");
        _cluster.Commit("no policy annotation", ("environments/staging/front-end.yaml", frontEnd.Replace("    pipelines/tag.front-end: \"semver:~0.3\"   # only 0.3.x patch releases\n", "    {}\n", StringComparison.Ordinal)
            .Replace("  annotations:\n    {}\n", "", StringComparison.Ordinal)));
        var removed = await _cluster.Run("Sync", "--environment", "staging", "--dry-run");
        // replicas: 1 left out is the default, 1 again: the deployment would not change.
        _cluster.Commit("replicas by default", ("environments/staging/front-end.yaml", frontEnd.Replace("  replicas: 1\n", "", StringComparison.Ordinal)));
        var defaulted = await _cluster.Run("Sync", "--environment", "staging", "--dry-run");

        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.Contains("deployment.apps/front-end in sock-shop configured (server dry run)", removed.Stderr);
        Assert.Contains("deployment.apps/front-end in sock-shop unchanged (server dry run)", defaulted.Stderr);
    }
}
