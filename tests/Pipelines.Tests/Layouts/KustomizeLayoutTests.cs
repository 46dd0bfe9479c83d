using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;
using Pipelines.Tests.Documents;

namespace Pipelines.Tests.Layouts;

/// <summary>
/// A kustomize repo as kustomize's own examples lay one out — a base, and an overlay per environment whose <c>images:</c> set
/// the tags — released with <c>--apply false</c> (Argo CD or Flux renders it): every release, automation, rollback and promotion
/// changes the overlay's entry, the pointer kustomize renders, and nothing else; the base other environments share is never
/// touched; what the release manager shows is what kustomize renders.
/// </summary>
public sealed class KustomizeLayoutTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly LayoutWorld _world = new(registry, Files());

    public void Dispose() => _world.Dispose();

    private const string Staging = "overlays/staging/kustomization.yaml";
    private const string Production = "overlays/production/kustomization.yaml";

    private static string Deployment(string name, string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels: {app: {{name}}}
        spec:
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers:
              - name: {{name}}
                image: {{image}}

        """;

    private static Dictionary<string, string> Files() => new()
    {
        ["pipelines.yaml"] = """
            environments:
              staging: {path: overlays/staging, automation: automatic}
              production: {path: overlays/production, automation: manual, promoteFrom: staging}

            """,
        ["base/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - orders.yaml\n  - carts.yaml\n  - cleanup.yaml\n",
        ["base/orders.yaml"] = Deployment("orders", "{{registry}}/orders:0.4.0"),
        ["base/carts.yaml"] = Deployment("carts", "{{registry}}/carts:1.0.0"),
        ["base/cleanup.yaml"] = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: orders-cleanup}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers:
                      - name: cleanup
                        image: {{registry}}/orders:0.4.0

            """,
        [Staging] = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: sock-shop   # staging's namespace
            resources:
              - ../../base
            images:
              - name: {{registry}}/orders
                newTag: "0.4.9"   # staging runs what CI built last

            """,
        [Production] = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: sock-shop
            resources: [../../base]
            images:
            - {name: {{registry}}/orders, newTag: 0.4.7}
            - {name: {{registry}}/carts, newTag: 0.9.0}
            commonLabels:
              tier: production
            patches:
            - path: replicas.yaml

            """,
        ["overlays/production/replicas.yaml"] = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders}
            spec: {replicas: 3}

            """,
    };

    private static JsonNode Result(JsonNode report, string workload) =>
        report["results"]!.AsArray().First(r => (string?)r!["workload"] == workload)!;

    private async Task<JsonNode> Run(params string[] args)
    {
        var (exitCode, stdout, stderr) = await _world.Run(args[0], [.. args[1..], "--output", "json"]);
        Assert.True(exitCode == 0, stderr + stdout);
        return JsonNode.Parse(stdout)!;
    }

    [Fact]
    public async Task A_release_with_apply_false_edits_the_overlays_entry_and_leaves_the_base_alone()
    {
        var digest = await _world.PushAsync("orders", "0.4.9", "0.4.12");
        var base_ = _world.Show("base/orders.yaml");
        var before = _world.Show(Staging);

        var report = await Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "0.4.12"));

        Assert.Equal(before.Replace("newTag: \"0.4.9\"   # staging runs what CI built last", $"digest: {digest}\n    newTag: \"0.4.12\"   # staging runs what CI built last"),
            _world.Show(Staging));
        Assert.Equal(base_, _world.Show("base/orders.yaml"));
        var orders = Result(report, "sock-shop:deployment/orders");
        Assert.Equal(_world.Image("orders", "0.4.9"), (string?)orders["changes"]![0]!["from"]); // what kustomize rendered, not the base's 0.4.0
        Assert.Equal($"{_world.Image("orders", "0.4.12")}@{digest}", (string?)orders["changes"]![0]!["to"]);
        Assert.Contains($"Pipelines-Change: sock-shop:deployment/orders orders {_world.Image("orders", "0.4.9")} -> {_world.Image("orders", "0.4.12")}@{digest}", _world.Log("%B"));
    }

    [Fact]
    public async Task History_trusts_releases_that_edit_an_overlay_entry_or_add_one()
    {
        // The diff of such a commit names the tag on a newTag: line only (and, for a new entry, the old image nowhere):
        // History must still read it as the release it is.
        await _world.PushAsync("orders", "0.4.12");
        await _world.PushAsync("carts", "1.1.0");
        await Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "0.4.12"));
        await Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.1.0"));

        var (exitCode, stdout, stderr) = await _world.Run("History", "--environment", "staging", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var entries = Schemas.AssertConforms(stdout)["items"]!.AsArray();
        Assert.Equal(2, entries.Count);
        Assert.All(entries, entry => Assert.Null((string?)entry!["untrusted"]));
        Assert.All(entries, entry => Assert.Equal("release", (string?)entry!["action"]));
    }

    [Fact]
    public async Task A_cronjob_sharing_the_entry_follows_the_release_and_the_commit_says_so()
    {
        var digest = await _world.PushAsync("orders", "0.4.12");

        var report = await Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "0.4.12"));

        var cleanup = Result(report, "sock-shop:cronjob/orders-cleanup");
        Assert.Equal("success", (string?)cleanup["status"]);
        Assert.Contains($"follows sock-shop:deployment/orders: they share {Staging} images[0]", (string?)cleanup["reason"]);
        Assert.Contains($"Pipelines-Change: sock-shop:cronjob/orders-cleanup cleanup {_world.Image("orders", "0.4.9")} -> {_world.Image("orders", "0.4.12")}@{digest}", _world.Log("%B"));
    }

    [Fact]
    public async Task An_image_no_overlay_entry_sets_gets_one_in_the_environments_kustomization_not_a_base_edit()
    {
        var digest = await _world.PushAsync("carts", "1.0.0", "1.1.0");
        var before = _world.Show(Staging);

        await Run("Release", "--environment", "staging", "--service", "carts", "--image", _world.Image("carts", "1.1.0"));

        Assert.Equal(before + $"  - name: {_world.Prefix}/carts\n    newTag: 1.1.0\n    digest: {digest}\n", _world.Show(Staging));
        Assert.Contains("image: " + _world.Image("carts", "1.0.0"), _world.Show("base/carts.yaml"));
    }

    [Fact]
    public async Task Automation_sees_the_rendered_image_and_moves_the_entry()
    {
        await _world.PushAsync("orders", "0.4.9", "0.4.10");
        await _world.PushAsync("carts", "1.0.0");

        var report = await Run("Release", "--environment", "staging", "--automated");

        Assert.Equal("success", (string?)Result(report, "sock-shop:deployment/orders")["status"]);
        Assert.Equal("up to date", (string?)Result(report, "sock-shop:deployment/carts")["reason"]);
        Assert.Contains("newTag: \"0.4.10\"", _world.Show(Staging));
        Assert.DoesNotContain("0.4.10", _world.Show("base/orders.yaml"));
    }

    [Fact]
    public async Task Rollback_moves_the_entry_back_and_rejects_the_image_for_automation()
    {
        await _world.PushAsync("orders", "0.4.9", "0.4.12");
        await Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "0.4.12"));
        var released = _world.Show(Staging);

        var rollback = await Run("Rollback", "--environment", "staging", "--service", "orders");

        Assert.Equal($"{_world.Image("orders", "0.4.9")}", (string?)Result(rollback, "sock-shop:deployment/orders")["changes"]![0]!["to"]);
        Assert.Contains("newTag: \"0.4.9\"   # staging runs what CI built last", _world.Show(Staging));
        Assert.DoesNotContain("digest:", _world.Show(Staging));
        Assert.NotEqual(released, _world.Show(Staging));
        var automation = await Run("Release", "--environment", "staging", "--automated");
        Assert.StartsWith("newer image rejected: 0.4.12", (string?)Result(automation, "sock-shop:deployment/orders")["reason"]);
    }

    [Fact]
    public async Task Promote_copies_what_staging_rendered_into_productions_entry()
    {
        var digest = await _world.PushAsync("orders", "0.4.12");
        await Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "0.4.12"));
        var before = _world.Show(Production);

        // Staging runs no cluster here, so its health cannot be read: --force promotes what it recorded anyway.
        await Run("Promote", "--environment", "production", "--service", "orders", "--force");

        Assert.Equal(before.Replace($"- {{name: {_world.Prefix}/orders, newTag: 0.4.7}}", $"- {{name: {_world.Prefix}/orders, digest: {digest}, newTag: 0.4.12}}"),
            _world.Show(Production));
    }

    [Fact]
    public async Task What_the_release_manager_shows_is_what_kustomize_renders()
    {
        await _world.PushAsync("orders", "0.4.9", "0.4.12");

        var status = await _world.StatusAsync("production");

        var orders = status.Services.Single(s => s.Workload.Id == "sock-shop:deployment/orders").Containers.Single();
        Assert.Equal(_world.Image("orders", "0.4.7"), orders.Desired);
        Assert.StartsWith(_world.Image("orders", "0.4.12"), orders.Newest);
        Assert.Equal(_world.Image("carts", "0.9.0"), status.Services.Single(s => s.Workload.Id == "sock-shop:deployment/carts").Containers.Single().Desired);
    }

    [Fact]
    public async Task Fields_pipelines_does_not_render_are_named_in_the_plan_and_the_services_view()
    {
        await _world.PushAsync("carts", "0.9.1");
        const string Warning = Production + ": commonLabels, patches are not rendered by Pipelines (it reads resources, bases, images, namespace, namePrefix, " +
            "nameSuffix); the images and names shown are what kustomize renders without them.";

        var (exitCode, _, stderr) = await _world.Run("Release", "--environment", "production", "--service", "carts", "--image", _world.Image("carts", "0.9.1"));

        Assert.True(exitCode == 0, stderr);
        Assert.Contains(Warning, stderr);
        Assert.Contains(Warning, (await _world.StatusAsync("production")).Problems);
        Assert.DoesNotContain((await _world.StatusAsync("staging")).Problems, p => p.Contains("not rendered by Pipelines", StringComparison.Ordinal));
    }

    [Fact]
    public async Task History_names_the_rendered_images_of_the_release()
    {
        await _world.PushAsync("orders", "0.4.12");
        await Run("Release", "--environment", "staging", "--service", "orders", "--image", _world.Image("orders", "0.4.12"));

        var (exitCode, stdout, stderr) = await _world.Run("History", "--environment", "staging", "--service", "orders", "--output", "json");

        Assert.True(exitCode == 0, stderr);
        var change = Schemas.AssertConforms(stdout)["items"]!.AsArray()[0]!["changes"]![0]!;
        Assert.Equal(_world.Image("orders", "0.4.9"), (string?)change["from"]);
    }

    [Fact]
    public async Task Locking_a_workload_of_a_shared_base_is_refused_with_the_reason()
    {
        var (exitCode, _, stderr) = await _world.Run("Lock", "--environment", "staging", "--service", "orders", "--message", "audit");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("base/orders.yaml lies outside overlays/staging: it is a kustomize base other environments share", stderr);
        Assert.Equal(1, _world.Commits());
    }
}
