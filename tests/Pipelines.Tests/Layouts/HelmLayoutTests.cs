using System.Text.Json.Nodes;
using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Layouts;

/// <summary>
/// A Helm layout as teams keep one — a chart whose templates stay untouched, a values file per environment, and a Flux
/// HelmRelease carrying its values inline — whose image fields pipelines.yaml declares: releases, automation, rollbacks and
/// promotions change exactly those values.
/// </summary>
public sealed class HelmLayoutTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly LayoutWorld _world = new(registry, Files());

    public void Dispose() => _world.Dispose();

    private static string Values(string tag) => $$$"""
        # front-end values for this environment
        replicaCount: 2
        image:
          repository: {{registry}}/front-end
          tag: "{{{tag}}}"      # set by releases
          pullPolicy: IfNotPresent
        service: {type: ClusterIP, port: 80}

        """;

    private static string Catalogue(string tag) => $$$"""
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: catalogue
          namespace: sock-shop
        spec:
          interval: 10m
          chart:
            spec: {chart: ./charts/shop, sourceRef: {kind: GitRepository, name: config}}
          values:
            image:
              repository: {{registry}}/catalogue
              tag: {{{tag}}}
              digest: ""

        """;

    private static string Environment(string name, string automation) => $"""
          {name}:
            path: environments/{name}
            namespace: sock-shop
            automation: {automation}
            images:
              - file: environments/{name}/front-end-values.yaml
                workload: sock-shop/front-end
                repository: image.repository
                tag: image.tag
                tagFilter: "semver:~1.0"
              - file: environments/{name}/catalogue.yaml
                workload: sock-shop:deployment/catalogue
                repository: image.repository
                tag: image.tag
                digest: image.digest

        """;

    private static Dictionary<string, string> Files() => new()
    {
        ["pipelines.yaml"] = "environments:\n" + Environment("staging", "automatic") + Environment("production", "manual").Replace("    namespace: sock-shop\n", "    namespace: sock-shop\n    promoteFrom: staging\n"),
        ["charts/shop/Chart.yaml"] = "apiVersion: v2\nname: shop\nversion: 1.0.0\n",
        ["charts/shop/values.yaml"] = "image:\n  repository: example/app\n  tag: latest\n",
        ["charts/shop/templates/deployment.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n" +
            "      - name: {{ .Chart.Name }}\n        image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n",
        ["environments/staging/front-end-values.yaml"] = Values("1.0.0"),
        ["environments/staging/catalogue.yaml"] = Catalogue("0.3.5"),
        ["environments/production/front-end-values.yaml"] = Values("0.9.0"),
        ["environments/production/catalogue.yaml"] = Catalogue("0.3.0"),
    };

    private async Task<JsonNode> Run(params string[] args)
    {
        var (exitCode, stdout, stderr) = await _world.Run(args[0], [.. args[1..], "--output", "json"]);
        Assert.True(exitCode == 0, stderr + stdout);
        return JsonNode.Parse(stdout)!;
    }

    private static JsonNode Result(JsonNode report, string workload) => report["results"]!.AsArray().First(r => (string?)r!["workload"] == workload)!;

    private string Show(string file) => _world.Show(file);

    private string Expected(string text) => text.Replace("{{registry}}", _world.Prefix);

    [Fact]
    public void Declared_fields_of_a_values_file_and_of_a_HelmRelease_are_workloads_of_the_environment()
    {
        var files = Files().ToDictionary(f => f.Key, f => f.Value.Replace("{{registry}}", "registry.example.com"));
        var environment = PipelinesConfig.Parse(files["pipelines.yaml"]).Environment("staging");

        var scan = EnvironmentScan.Read(RepoFiles.Of(files), environment);

        Assert.Equal(["sock-shop:deployment/front-end", "sock-shop:deployment/catalogue"], scan.Workloads.Select(w => w.Id));
        Assert.Equal("registry.example.com/front-end:1.0.0", scan.Workloads[0].Containers.Single(c => c.Name == "front-end").Image);
        Assert.Equal("registry.example.com/catalogue:0.3.5", scan.Workloads[1].Containers.Single(c => c.Name == "catalogue").Image);
        Assert.NotNull(scan.RenderedBy);
    }

    [Fact]
    public async Task A_release_writes_the_tag_into_the_values_file_and_nothing_else()
    {
        await _world.PushAsync("front-end", "1.0.0", "1.0.2");

        var report = await Run("Release", "--environment", "staging", "--service", "front-end", "--image", _world.Image("front-end", "1.0.2"));

        Assert.StartsWith(_world.Image("front-end", "1.0.2") + "@sha256:", (string)Result(report, "sock-shop:deployment/front-end")["changes"]![0]!["to"]!);
        Assert.Equal(Expected(Values("1.0.2")), Show("environments/staging/front-end-values.yaml"));
        Assert.Equal(Expected(Catalogue("0.3.5")), Show("environments/staging/catalogue.yaml"));
    }

    [Fact]
    public async Task A_HelmRelease_with_a_digest_field_gets_the_tag_and_the_digest()
    {
        var digest = await _world.PushAsync("catalogue", "0.3.5", "0.3.7");

        await Run("Release", "--environment", "staging", "--service", "catalogue", "--image", _world.Image("catalogue", "0.3.7"));

        Assert.Equal(Expected(Catalogue("0.3.7")).Replace("digest: \"\"", $"digest: \"{digest}\""), Show("environments/staging/catalogue.yaml"));
    }

    [Fact]
    public async Task Automation_uses_the_entrys_tag_filter_and_rollback_puts_the_value_back()
    {
        await _world.PushAsync("front-end", "1.0.0", "1.0.3", "1.1.0");
        await _world.PushAsync("catalogue", "0.3.5");

        var automation = await Run("Release", "--environment", "staging", "--automated");

        Assert.Equal("success", (string?)Result(automation, "sock-shop:deployment/front-end")["status"]);
        Assert.Equal(Expected(Values("1.0.3")), Show("environments/staging/front-end-values.yaml"));
        await Run("Rollback", "--environment", "staging", "--service", "front-end");
        Assert.Equal(Expected(Values("1.0.0")), Show("environments/staging/front-end-values.yaml"));
    }

    [Fact]
    public async Task Promote_copies_the_tag_and_digest_staging_recorded()
    {
        var digest = await _world.PushAsync("catalogue", "0.3.5", "0.3.7");
        await Run("Release", "--environment", "staging", "--service", "catalogue", "--image", _world.Image("catalogue", "0.3.7"));

        await Run("Promote", "--environment", "production", "--service", "catalogue", "--force");

        Assert.Equal(Expected(Catalogue("0.3.7")).Replace("digest: \"\"", $"digest: \"{digest}\""), Show("environments/production/catalogue.yaml"));
    }

    [Fact]
    public async Task A_lock_goes_on_the_HelmRelease_and_is_refused_for_a_bare_values_file_with_the_reason()
    {
        await Run("Lock", "--environment", "production", "--service", "catalogue", "--message", "freeze");
        Assert.Contains("pipelines/locked: \"true\"", Show("environments/production/catalogue.yaml"));

        var (exitCode, _, stderr) = await _world.Run("Lock", "--environment", "production", "--service", "front-end", "--message", "freeze");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("declared in pipelines.yaml:", stderr);
    }
}
