using k8s;
using System.Text.Json.Nodes;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Kubernetes;

/// <summary>The disaster-recovery promise: a cluster rebuilt from the config repo, drift shown, removed objects pruned.</summary>
public sealed class SyncAndDiffTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Sync_rebuilds_an_empty_cluster_from_the_config_repo_and_a_second_sync_changes_nothing()
    {
        var (exitCode, stdout, stderr) = await _cluster.Run("Sync", "--environment", "staging");

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"Sync of staging at [0-9a-f]{7}: 2\d created, 0 configured, 0 unchanged\.", stdout);
        Assert.Contains("namespace/sock-shop created", stderr);
        Assert.True(stderr.IndexOf("namespace/sock-shop created", StringComparison.Ordinal) < stderr.IndexOf("deployment.apps/front-end in sock-shop created", StringComparison.Ordinal),
            "the namespace is applied before what lives in it");
        Assert.Contains("deployment \"front-end\" successfully rolled out", stderr);
        var frontEnd = await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync("front-end", "sock-shop");
        Assert.Equal("staging", frontEnd.Metadata.Labels["pipelines/environment"]);
        Assert.Equal("weaveworksdemos/front-end:0.3.12", frontEnd.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(1, frontEnd.Status.ReadyReplicas);

        var second = await _cluster.Run("Sync", "--environment", "staging");
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Matches(@"0 created, 0 configured, 2\d unchanged\.", second.Stdout);
    }

    [Fact]
    public async Task Diff_shows_an_out_of_band_kubectl_set_image_and_sync_puts_the_config_repo_image_back()
    {
        await _cluster.Run("Sync", "--environment", "staging");
        var (kubectlExit, kubectlOutput) = await _cluster.Kubectl.Run("-n", "sock-shop", "set", "image", "deployment/front-end", "front-end=weaveworksdemos/front-end:0.3.99");
        Assert.True(kubectlExit == 0, kubectlOutput);

        var (exitCode, stdout, stderr) = await _cluster.Run("Diff", "--environment", "staging", "--output", "json");

        Assert.Equal(1, exitCode); // drift, as kubectl diff says it
        Assert.Contains("staging has drifted from the config repo", stderr);
        var drift = Schemas.AssertConforms(stdout);
        var entry = Assert.Single(drift["drift"]!.AsArray())!;
        Assert.Equal("sock-shop:deployment/front-end", (string?)entry["workload"]);
        Assert.Equal("front-end", (string?)entry["container"]);
        Assert.Equal("weaveworksdemos/front-end:0.3.12", (string?)entry["desired"]);
        Assert.Equal("weaveworksdemos/front-end:0.3.99", (string?)entry["live"]);
        Assert.Empty(drift["missingInCluster"]!.AsArray());

        var sync = await _cluster.Run("Sync", "--environment", "staging");
        Assert.Matches(@"0 created, 1 configured, 2\d unchanged\.", sync.Stdout);
        var clean = await _cluster.Run("Diff", "--environment", "staging");
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("staging: the cluster runs what the config repo at", clean.Stdout);
    }

    [Fact]
    public async Task Sync_adopt_records_the_out_of_band_image_in_the_config_repo_as_one_commit()
    {
        await _cluster.Run("Sync", "--environment", "staging");
        var (kubectlExit, kubectlOutput) = await _cluster.Kubectl.Run("-n", "sock-shop", "set", "image", "deployment/front-end", "front-end=weaveworksdemos/front-end:0.3.11");
        Assert.True(kubectlExit == 0, kubectlOutput);

        var (exitCode, stdout, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--adopt", "--user", "Oncall <oncall@example.com>");

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"sock-shop:deployment/front-end +front-end +success +weaveworksdemos/front-end:0\.3\.12 -> weaveworksdemos/front-end:0\.3\.11", stdout);
        Assert.Contains("image: weaveworksdemos/front-end:0.3.11", _cluster.Server.Show("config", "environments/staging/front-end.yaml"));
        var message = _cluster.Server.Log("config", format: "%B");
        Assert.StartsWith("Adopt the live images of 1 workload(s) in staging", message);
        Assert.Contains("Pipelines-Action: adopt", message);
        Assert.Contains("the cluster runs what the config repo at", (await _cluster.Run("Diff", "--environment", "staging")).Stdout);
    }

    [Fact]
    public async Task Diff_of_an_empty_cluster_lists_every_workload_as_missing()
    {
        var (exitCode, stdout, _) = await _cluster.Run("Diff", "--environment", "staging");
        Assert.Equal(1, exitCode);
        Assert.Contains("missing in the cluster: sock-shop:deployment/front-end (Sync applies it)", stdout);
    }

    [Fact]
    public async Task Prune_deletes_only_labelled_objects_that_git_no_longer_has()
    {
        await _cluster.Run("Sync", "--environment", "staging");
        await _cluster.Client().CoreV1.CreateNamespacedConfigMapAsync(new k8s.Models.V1ConfigMap
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "hand-made" },
            Data = new Dictionary<string, string> { ["a"] = "b" },
        }, "sock-shop");
        _cluster.Commit("Retire payment", ("environments/staging/payment.yaml", "# payment moved to another team's cluster\n"));

        var dryRun = await _cluster.Run("Sync", "--environment", "staging", "--prune", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.Stderr);
        Assert.Contains("pruned deployment.apps/payment in sock-shop", dryRun.Stdout);
        Assert.Contains("payment", (await _cluster.Client().AppsV1.ListNamespacedDeploymentAsync("sock-shop")).Items.Select(d => d.Metadata.Name));

        var (exitCode, stdout, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--prune");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("2 pruned", stdout);
        Assert.Contains("pruned deployment.apps/payment in sock-shop", stdout);
        Assert.Contains("pruned service/payment in sock-shop", stdout);
        var names = (await _cluster.Client().AppsV1.ListNamespacedDeploymentAsync("sock-shop")).Items.Select(d => d.Metadata.Name).ToList();
        Assert.DoesNotContain("payment", names);
        Assert.Contains("front-end", names);
        Assert.Contains("hand-made", (await _cluster.Client().CoreV1.ListNamespacedConfigMapAsync("sock-shop")).Items.Select(c => c.Metadata.Name));
    }

    [Fact]
    public async Task Prune_reads_secrets_only_when_the_config_repo_applies_some_and_then_prunes_the_ones_git_dropped()
    {
        _cluster.Emulator.ClearRequests();
        var withoutSecrets = await _cluster.Run("Sync", "--environment", "staging", "--prune");
        Assert.True(withoutSecrets.ExitCode == 0, withoutSecrets.Stderr);
        // Least privilege: a config repo without Secrets never needs the right to read them, not even to prune.
        Assert.DoesNotContain(_cluster.Emulator.Requests, r => r.Path.Contains("/secrets", StringComparison.Ordinal));

        _cluster.Commit("Payment credentials", ("environments/staging/payment-secrets.yaml", Secret("payment-api") + "---\n" + Secret("payment-db")));
        var withSecrets = await _cluster.Run("Sync", "--environment", "staging", "--prune");
        Assert.True(withSecrets.ExitCode == 0, withSecrets.Stderr);
        _cluster.Commit("The database credentials moved to the operator", ("environments/staging/payment-secrets.yaml", Secret("payment-api")));
        var (exitCode, stdout, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--prune");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("pruned secret/payment-db in sock-shop", stdout);
        var secrets = (await _cluster.Client().CoreV1.ListNamespacedSecretAsync("sock-shop")).Items.Select(x => x.Metadata.Name).ToList();
        Assert.Contains("payment-api", secrets);
        Assert.DoesNotContain("payment-db", secrets);
    }

    private static string Secret(string name) => $$"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: {{name}}
          namespace: sock-shop
        stringData:
          password: not-a-real-one

        """;

    [Fact]
    public async Task ListServices_prints_the_live_images_and_ready_counts_as_json()
    {
        await _cluster.Run("Sync", "--environment", "staging");

        var (exitCode, stdout, stderr) = await _cluster.Run("ListServices", "--environment", "staging", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var rows = Schemas.AssertConforms(stdout)["items"]!.AsArray();
        var frontEnd = rows.Single(r => (string?)r!["workload"] == "sock-shop:deployment/front-end" && (string?)r!["container"] == "front-end")!;
        Assert.Equal("weaveworksdemos/front-end:0.3.12", (string?)frontEnd["image"]);
        Assert.Equal(1, (int?)frontEnd["ready"]);
        Assert.Equal(1, (int?)frontEnd["desired"]);
        Assert.True((bool?)frontEnd["policy"]!["automated"]);
        Assert.False((bool?)frontEnd["policy"]!["locked"]);
        Assert.Equal("semver:~0.3", (string?)frontEnd["policy"]!["tagFilter"]);
        Assert.Contains(rows, r => (string?)r!["workload"] == "sock-shop:statefulset/carts-db");
    }

    [Fact]
    public async Task Sync_takes_the_global_lock_and_reports_as_json_what_it_applied()
    {
        var (exitCode, stdout, stderr) = await _cluster.RunUnderGitLock("Sync", "--environment", "staging", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var report = Schemas.AssertConforms(stdout);
        Assert.Equal("sync", (string?)report["action"]);
        Assert.Contains(report["objects"]!.AsArray(), o => (string?)o!["object"] == "deployment.apps/front-end" && (string?)o["action"] == "created");
        Assert.Contains(report["steps"]!.AsArray(), s => (string?)s!["kind"] == "lock" && (string?)s["state"] == "acquired");
        Assert.StartsWith("pipelines-lock: free", _cluster.Server.Log("config", "pipelines-lock"));
    }

    [Fact]
    public async Task A_sync_dry_run_takes_no_lock_and_changes_nothing()
    {
        await _cluster.Run("Sync", "--environment", "staging");
        await _cluster.Kubectl.Run("-n", "sock-shop", "set", "image", "deployment/front-end", "front-end=weaveworksdemos/front-end:0.3.99");

        var (exitCode, stdout, stderr) = await _cluster.RunUnderGitLock("Sync", "--environment", "staging", "--dry-run");

        Assert.True(exitCode == 0, stderr);
        Assert.Matches(@"Sync of staging at [0-9a-f]{7} \(dry run\): ", stdout);
        Assert.Equal("weaveworksdemos/front-end:0.3.99", (await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync("front-end", "sock-shop")).Spec.Template.Spec.Containers[0].Image);
        var branches = Pipelines.Tests.ConfigRepo.Fixtures.Git.Run(_cluster.Server.Root, "--git-dir", Path.Combine(_cluster.Server.Root, "config.git"), "branch", "--list");
        Assert.DoesNotContain("pipelines-lock", branches);
    }
}
