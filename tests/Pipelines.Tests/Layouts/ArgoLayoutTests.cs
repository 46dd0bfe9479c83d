using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Layouts;

/// <summary>
/// An Argo CD repo as argocd-example-apps lays one out — an Application per environment for a Helm chart with a values file per
/// environment, and one for a kustomize overlay — whose Applications carry Argo CD Image Updater annotations: the aliases'
/// strategies automate the images, and releases, rollbacks and promotions change the value or entry Argo CD renders from.
/// </summary>
public sealed class ArgoLayoutTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly LayoutWorld _world = new(registry, Files());

    public void Dispose() => _world.Dispose();

    private static string Frontend(string environment) => $$$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: frontend
          namespace: argocd
          annotations:
            argocd-image-updater.argoproj.io/image-list: fe={{registry}}/frontend:~1.0
            argocd-image-updater.argoproj.io/fe.helm.image-name: image.repository
            argocd-image-updater.argoproj.io/fe.helm.image-tag: image.tag
            argocd-image-updater.argoproj.io/write-back-method: git
        spec:
          project: default
          source:
            repoURL: https://git.example.com/shop/config.git
            targetRevision: HEAD
            path: helm-frontend
            helm:
              valueFiles:
              - values-{{{environment}}}.yaml
          destination:
            server: https://kubernetes.default.svc
            namespace: shop-{{{environment}}}

        """;

    private static string Orders(string environment) => $$$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: orders
          namespace: argocd
          annotations:
            argocd-image-updater.argoproj.io/image-list: orders={{registry}}/orders
            argocd-image-updater.argoproj.io/orders.update-strategy: newest-build
            argocd-image-updater.argoproj.io/orders.allow-tags: regexp:^main-
        spec:
          project: default
          source:
            repoURL: https://git.example.com/shop/config.git
            path: kustomize-orders/overlays/{{{environment}}}
          destination:
            server: https://kubernetes.default.svc
            namespace: shop-{{{environment}}}

        """;

    private const string StagingValues = "replicaCount: 1\nimage:\n  tag: \"1.0.1\"   # staging\n";

    private static Dictionary<string, string> Files() => new()
    {
        ["pipelines.yaml"] = "environments:\n  staging: {path: apps/staging}\n  production: {path: apps/production, promoteFrom: staging}\n",
        ["apps/staging/frontend.yaml"] = Frontend("staging"),
        ["apps/staging/orders.yaml"] = Orders("staging"),
        ["apps/production/frontend.yaml"] = Frontend("production"),
        ["apps/production/orders.yaml"] = Orders("production"),
        ["helm-frontend/Chart.yaml"] = "apiVersion: v2\nname: frontend\nversion: 0.1.0\n",
        ["helm-frontend/values.yaml"] = "replicaCount: 1\nimage:\n  repository: {{registry}}/frontend\n  tag: \"1.0.0\"\n  pullPolicy: IfNotPresent\n",
        ["helm-frontend/values-staging.yaml"] = StagingValues,
        ["helm-frontend/values-production.yaml"] = "replicaCount: 3\nimage:\n  tag: 1.0.0\n",
        ["helm-frontend/templates/deployment.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n",
        ["kustomize-orders/base/kustomization.yaml"] = "resources:\n- deployment.yaml\n",
        ["kustomize-orders/base/deployment.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    spec:\n      containers:\n      - name: orders\n        image: {{registry}}/orders:main-0\n",
        ["kustomize-orders/overlays/staging/kustomization.yaml"] = "resources:\n- ../../base\nimages:\n- name: {{registry}}/orders\n  newTag: main-1\n",
        ["kustomize-orders/overlays/production/kustomization.yaml"] = "resources:\n- ../../base\nimages:\n- name: {{registry}}/orders\n  newTag: main-1\n",
    };

    private async Task<JsonNode> Run(params string[] args)
    {
        var (exitCode, stdout, stderr) = await _world.Run(args[0], [.. args[1..], "--output", "json"]);
        Assert.True(exitCode == 0, stderr + stdout);
        return JsonNode.Parse(stdout)!;
    }

    private static JsonNode Result(JsonNode report, string workload) => report["results"]!.AsArray().First(r => (string?)r!["workload"] == workload)!;

    [Fact]
    public async Task Automation_follows_the_aliases_and_changes_the_values_file_and_the_overlay_entry_argo_renders_from()
    {
        await _world.PushAsync("frontend", "1.0.1", "1.0.4", "1.1.0");
        await _world.PushAsync("orders", "main-1", "main-3", "feature-x", "main-2");
        var values = _world.Show("helm-frontend/values.yaml");

        var report = await Run("Release", "--environment", "staging", "--automated");

        Assert.Equal("success", (string?)Result(report, "shop-staging:application/frontend")["status"]);
        Assert.Equal(StagingValues.Replace("\"1.0.1\"", "\"1.0.4\""), _world.Show("helm-frontend/values-staging.yaml")); // semver ~1.0: not 1.1.0
        Assert.Equal(values, _world.Show("helm-frontend/values.yaml"));
        // newest-build among tags allow-tags lets through: main-2, pushed after feature-x; with its digest, as kustomize can pin it.
        var orders = (string)Result(report, "shop-staging:deployment/orders")["changes"]![0]!["to"]!;
        Assert.StartsWith(_world.Image("orders", "main-2") + "@sha256:", orders);
        Assert.Equal($"resources:\n- ../../base\nimages:\n- name: {_world.Prefix}/orders\n  digest: {orders.Split('@')[1]}\n  newTag: main-2\n",
            _world.Show("kustomize-orders/overlays/staging/kustomization.yaml"));
    }

    [Fact]
    public async Task Rollback_puts_the_values_file_back()
    {
        await _world.PushAsync("frontend", "1.0.1", "1.0.4");
        await Run("Release", "--environment", "staging", "--service", "frontend", "--image", _world.Image("frontend", "1.0.4"));

        await Run("Rollback", "--environment", "staging", "--service", "frontend");

        Assert.Equal(StagingValues, _world.Show("helm-frontend/values-staging.yaml"));
    }

    [Fact]
    public async Task Promote_writes_what_staging_runs_into_productions_values_file()
    {
        await _world.PushAsync("frontend", "1.0.1", "1.0.4");
        await Run("Release", "--environment", "staging", "--service", "frontend", "--image", _world.Image("frontend", "1.0.4"));

        await Run("Promote", "--environment", "production", "--service", "frontend", "--force");

        Assert.Equal("replicaCount: 3\nimage:\n  tag: 1.0.4\n", _world.Show("helm-frontend/values-production.yaml"));
    }
}
