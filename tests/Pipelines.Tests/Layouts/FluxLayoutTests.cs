using System.Text.Json.Nodes;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Layouts;

/// <summary>
/// A Flux v2 repo as Flux's image automation guide lays one out — ImageRepository and ImagePolicy objects beside the cluster's
/// Flux objects, a Deployment whose image carries a <c>$imagepolicy</c> marker, a HelmRelease whose values carry <c>:name</c>
/// and <c>:tag</c> markers — works unchanged: marked images are automated by their policies (semver; numerical over what
/// filterTags extracts), and releases, rollbacks and promotions change exactly the marked values.
/// </summary>
public sealed class FluxLayoutTests(AnonymousRegistry registry) : IClassFixture<AnonymousRegistry>, IDisposable
{
    private readonly LayoutWorld _world = new(registry, Files());

    public void Dispose() => _world.Dispose();

    private static string Podinfo(string tag) => $$$"""
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: podinfo
          namespace: apps
        spec:
          template:
            spec:
              containers:
                - name: podinfod
                  image: {{registry}}/podinfo:{{{tag}}} # {"$imagepolicy": "flux-system:podinfo"}
                  ports:
                    - containerPort: 9898

        """;

    private static string Frontend(string tag) => $$$"""
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: frontend
          namespace: apps
        spec:
          interval: 5m
          chart:
            spec:
              chart: ./charts/frontend
              sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}
          values:
            replicaCount: 2
            image:
              repository: {{registry}}/frontend # {"$imagepolicy": "flux-system:frontend:name"}
              tag: "{{{tag}}}" # {"$imagepolicy": "flux-system:frontend:tag"}

        """;

    private static Dictionary<string, string> Files() => new()
    {
        ["pipelines.yaml"] = """
            environments:
              staging: {path: apps/staging, namespace: apps}
              production: {path: apps/production, namespace: apps, promoteFrom: staging}

            """,
        ["clusters/my-cluster/image-automation/podinfo.yaml"] = """
            apiVersion: image.toolkit.fluxcd.io/v1beta2
            kind: ImageRepository
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              image: {{registry}}/podinfo
              interval: 1m
            ---
            apiVersion: image.toolkit.fluxcd.io/v1beta2
            kind: ImagePolicy
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              imageRepositoryRef:
                name: podinfo
              policy:
                semver:
                  range: '>=6.0.0 <7.0.0'

            """,
        ["clusters/my-cluster/image-automation/frontend.yaml"] = """
            apiVersion: image.toolkit.fluxcd.io/v1beta2
            kind: ImageRepository
            metadata: {name: frontend, namespace: flux-system}
            spec: {image: {{registry}}/frontend, interval: 1m}
            ---
            apiVersion: image.toolkit.fluxcd.io/v1beta2
            kind: ImagePolicy
            metadata: {name: frontend, namespace: flux-system}
            spec:
              imageRepositoryRef: {name: frontend}
              filterTags:
                pattern: '^main-[a-f0-9]+-(?P<ts>[0-9]+)'
                extract: '$ts'
              policy:
                numerical:
                  order: asc
            ---
            apiVersion: image.toolkit.fluxcd.io/v1beta1
            kind: ImageUpdateAutomation
            metadata: {name: flux-system, namespace: flux-system}
            spec:
              sourceRef: {kind: GitRepository, name: flux-system}
              update: {path: ./apps, strategy: Setters}

            """,
        ["apps/staging/podinfo.yaml"] = Podinfo("6.0.0"),
        ["apps/staging/frontend.yaml"] = Frontend("main-aaaaaaa-100"),
        ["apps/production/podinfo.yaml"] = Podinfo("6.0.0"),
        ["apps/production/frontend.yaml"] = Frontend("main-aaaaaaa-100"),
    };

    private async Task<JsonNode> Run(params string[] args)
    {
        var (exitCode, stdout, stderr) = await _world.Run(args[0], [.. args[1..], "--output", "json"]);
        Assert.True(exitCode == 0, stderr + stdout);
        return JsonNode.Parse(stdout)!;
    }

    private static JsonNode Result(JsonNode report, string workload) => report["results"]!.AsArray().First(r => (string?)r!["workload"] == workload)!;

    private async Task PushUsual()
    {
        await _world.PushAsync("podinfo", "6.0.0", "6.1.0", "7.0.0");
        await _world.PushAsync("frontend", "main-aaaaaaa-100", "main-bbbbbbb-300", "main-ccccccc-200", "dev-ddddddd-999");
    }

    [Fact]
    public async Task Automation_follows_each_ImagePolicy_and_changes_only_the_marked_values()
    {
        await PushUsual();
        var podinfoBefore = _world.Show("apps/staging/podinfo.yaml");
        var frontendBefore = _world.Show("apps/staging/frontend.yaml");

        var report = await Run("Release", "--environment", "staging", "--automated");

        var podinfo = (string)Result(report, "apps:deployment/podinfo")["changes"]![0]!["to"]!;
        Assert.StartsWith(_world.Image("podinfo", "6.1.0") + "@sha256:", podinfo); // semver >=6 <7, not the newer 7.0.0
        Assert.Equal(podinfoBefore.Replace(_world.Image("podinfo", "6.0.0"), podinfo), _world.Show("apps/staging/podinfo.yaml"));
        // numerical over the extracted timestamp: 300, though main-ccccccc-200 was built later; the dev tag filtered out.
        Assert.StartsWith(_world.Image("frontend", "main-bbbbbbb-300") + "@sha256:", (string)Result(report, "apps:helmrelease/frontend")["changes"]![0]!["to"]!);
        Assert.Equal(frontendBefore.Replace("\"main-aaaaaaa-100\"", "\"main-bbbbbbb-300\""), _world.Show("apps/staging/frontend.yaml"));
        Assert.Equal(Podinfo("6.0.0").Replace("{{registry}}", _world.Prefix), _world.Show("apps/production/podinfo.yaml"));
    }

    [Fact]
    public async Task Rollback_of_the_HelmRelease_puts_the_marked_tag_back()
    {
        await PushUsual();
        await Run("Release", "--environment", "staging", "--automated");

        var rollback = await Run("Rollback", "--environment", "staging", "--service", "frontend");

        Assert.Equal("success", (string?)Result(rollback, "apps:helmrelease/frontend")["status"]);
        Assert.Equal(Frontend("main-aaaaaaa-100").Replace("{{registry}}", _world.Prefix), _world.Show("apps/staging/frontend.yaml"));
        // Automation passes the rejected build over and takes the next one its policy ranks.
        var automation = await Run("Release", "--environment", "staging", "--automated");
        Assert.StartsWith(_world.Image("frontend", "main-ccccccc-200"), (string)Result(automation, "apps:helmrelease/frontend")["changes"]![0]!["to"]!);
    }

    [Fact]
    public async Task Promote_sets_productions_marked_tag_to_what_staging_runs()
    {
        await PushUsual();
        await Run("Release", "--environment", "staging", "--service", "frontend", "--image", _world.Image("frontend", "main-ccccccc-200"));

        await Run("Promote", "--environment", "production", "--service", "frontend", "--force");

        Assert.Equal(Frontend("main-ccccccc-200").Replace("{{registry}}", _world.Prefix), _world.Show("apps/production/frontend.yaml"));
    }
}
