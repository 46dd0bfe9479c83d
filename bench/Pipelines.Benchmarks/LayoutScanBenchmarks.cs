using Pipelines.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using LibGit2Sharp;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Manifests;
using Pipelines.Targets;

namespace Pipelines.Benchmarks;

/// <summary>
/// Reading an environment of a 2,000-file config repo, read from git objects as every release reads it: plain manifests (the
/// scan before issue 22), against a repo mixing the layouts teams bring — kustomize bases with per-service overlays setting
/// images, Deployments with Flux markers and their ImagePolicies, HelmReleases with marked values, values files pipelines.yaml
/// declares, Argo CD Applications with Image Updater annotations over a chart's value files, and plain manifests. Goal: mixed
/// within 1.5× of plain.
/// </summary>
[MemoryDiagnoser]
public class LayoutScanBenchmarks
{
    private const int Files = 2000;
    private string _root = "";
    // Each scan opens its own snapshot, as each run does: a snapshot keeps the folders it read.
    private ConfigRepository? _repository;
    private string _commit = "";
    private EnvironmentConfig? _environment;

    [Params("plain", "mixed")]
    public string Layout { get; set; } = "plain";

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("pipelines-bench-layouts-").FullName;
        var bare = Path.Combine(_root, "config.git");
        Repository.Init(bare, isBare: true);
        var files = Layout == "plain" ? Plain() : Mixed();
        if (files.Count != Files) throw new InvalidOperationException($"{Layout} has {files.Count} files, not {Files}");
        using (var repository = new Repository(bare))
        {
            var tree = new TreeDefinition();
            foreach (var (path, text) in files)
            {
                using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
                tree.Add(path, repository.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
            }
            var signature = new Signature("bench", "bench@pipelines", DateTimeOffset.UtcNow);
            var commit = repository.ObjectDatabase.CreateCommit(signature, signature, Layout, repository.ObjectDatabase.CreateTree(tree), [], false);
            repository.Refs.Add("refs/heads/main", commit.Id);
        }
        var configRepository = new ConfigRepository(new ConfigRepoOptions(RemoteUrl.Parse(bare, "/"), "main", null, Path.Combine(_root, "cache"), 1,
            new CommitIdentity("bench", "bench@pipelines", null)), TextLog.To(TextWriter.Null));
        using var snapshot = configRepository.ReadAsync().GetAwaiter().GetResult();
        (_repository, _commit) = (configRepository, snapshot.Commit!);
        _environment = PipelinesConfig.Parse(snapshot.ReadText("pipelines.yaml")!).Environment("staging");
        var workloads = EnvironmentScan.Read(snapshot.AsRepoFiles(), _environment).Workloads.Count;
        Console.WriteLine($"// {Layout}: {files.Count} files, {workloads} workloads in staging");
    }

    [Benchmark(Description = "scan staging of a 2,000-file repo")]
    public int Scan()
    {
        using var snapshot = _repository!.SnapshotAt(_commit);
        return EnvironmentScan.Read(snapshot.AsRepoFiles(), _environment!).Workloads.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_root, recursive: true);
    }

    private static Dictionary<string, string> Plain()
    {
        var files = new Dictionary<string, string> { ["pipelines.yaml"] = "environments:\n  staging: {path: environments/staging, namespace: shop}\n" };
        for (var i = 0; files.Count < Files; i++) files[$"environments/staging/team-{i % 40}/service-{i}.yaml"] = Manifests.Deployment(i, "") + Manifests.ServiceAndConfig(i);
        return files;
    }

    // 2,000 files: 100 kustomize services (base: 4 files; overlay: 1), 300 Flux-marked Deployments with 30 files of ImagePolicies
    // and ImageRepositories, 100 HelmReleases with marked values, 100 declared values files (+ chart files), 50 Argo CD
    // Applications over charts with their values files, the rest plain manifests.
    private static Dictionary<string, string> Mixed()
    {
        var files = new Dictionary<string, string>();
        var declared = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            files[$"base/svc-{i}/kustomization.yaml"] = "resources:\n- deployment.yaml\n- service.yaml\n- configmap.yaml\n";
            files[$"base/svc-{i}/deployment.yaml"] = Manifests.Deployment(i, "");
            files[$"base/svc-{i}/service.yaml"] = $"apiVersion: v1\nkind: Service\nmetadata: {{name: service-{i}}}\nspec:\n  ports: [{{port: 80, targetPort: 8080}}]\n";
            files[$"base/svc-{i}/configmap.yaml"] = $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: service-{i}-settings}}\ndata:\n  level: info\n";
            files[$"clusters/staging/kustomize/svc-{i}/kustomization.yaml"] =
                $"namespace: shop\nresources:\n- ../../../../base/svc-{i}\nimages:\n- name: registry.example.com/team-{i % 50}/service-{i}\n  newTag: \"1.1.{i}\"   # staging\n";
        }
        for (var i = 100; i < 400; i++)
        {
            files[$"clusters/staging/flux/service-{i}.yaml"] = Manifests.Deployment(i, $" # {{\"$imagepolicy\": \"flux-system:service-{i}\"}}") + Manifests.ServiceAndConfig(i);
        }
        for (var f = 0; f < 30; f++)
        {
            files[$"clusters/staging/image-automation/policies-{f}.yaml"] = string.Join("---\n", Enumerable.Range(100 + f * 10, 10).Select(i => $"""
                apiVersion: image.toolkit.fluxcd.io/v1beta2
                kind: ImageRepository
                metadata: {"{"}name: service-{i}, namespace: flux-system{"}"}
                spec: {"{"}image: registry.example.com/team-{i % 50}/service-{i}, interval: 5m{"}"}
                ---
                apiVersion: image.toolkit.fluxcd.io/v1beta2
                kind: ImagePolicy
                metadata: {"{"}name: service-{i}, namespace: flux-system{"}"}
                spec:
                  imageRepositoryRef: {"{"}name: service-{i}{"}"}
                  policy: {"{"}semver: {"{"}range: ">=1.0.0"{"}"}{"}"}

                """));
        }
        for (var i = 400; i < 500; i++)
        {
            files[$"clusters/staging/helm/release-{i}.yaml"] = $$"""
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata: {name: release-{{i}}, namespace: shop}
                spec:
                  interval: 10m
                  chart:
                    spec: {chart: ./charts/shared, sourceRef: {kind: GitRepository, name: config} }
                  values:
                    replicaCount: 2
                    image:
                      repository: registry.example.com/team-{{i % 50}}/service-{{i}} # {"$imagepolicy": "flux-system:release-{{i}}:name"}
                      tag: "1.0.{{i}}" # {"$imagepolicy": "flux-system:release-{{i}}:tag"}

                """;
        }
        for (var i = 500; i < 600; i++)
        {
            files[$"charts/svc-{i}/values-staging.yaml"] = $"replicaCount: 2\nimage:\n  repository: registry.example.com/team-{i % 50}/service-{i}\n  tag: \"1.0.{i}\"\n";
            declared.Append($"      - {{file: charts/svc-{i}/values-staging.yaml, workload: shop/service-{i}, repository: image.repository, tag: image.tag}}\n");
        }
        for (var i = 600; i < 650; i++)
        {
            files[$"clusters/staging/argo/app-{i}.yaml"] = $"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata:
                  name: app-{i}
                  annotations:
                    argocd-image-updater.argoproj.io/image-list: app=registry.example.com/team-{i % 50}/service-{i}:~1.0
                    argocd-image-updater.argoproj.io/app.helm.image-name: image.repository
                    argocd-image-updater.argoproj.io/app.helm.image-tag: image.tag
                spec:
                  source: {"{"}path: charts/app-{i}, helm: {"{"}valueFiles: [values-staging.yaml]{"}"}{"}"}
                  destination: {"{"}namespace: shop{"}"}

                """;
            files[$"charts/app-{i}/values.yaml"] = $"image:\n  repository: registry.example.com/team-{i % 50}/service-{i}\n  tag: \"1.0.0\"\n";
            files[$"charts/app-{i}/values-staging.yaml"] = $"image:\n  tag: \"1.0.{i}\"\n";
            files[$"charts/app-{i}/templates/deployment.yaml"] = "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n";
        }
        files["pipelines.yaml"] = $"environments:\n  staging:\n    path: clusters/staging\n    namespace: shop\n    images:\n{declared}";
        for (var i = 700; files.Count < Files; i++) files[$"clusters/staging/plain/team-{i % 40}/service-{i}.yaml"] = Manifests.Deployment(i, "") + Manifests.ServiceAndConfig(i);
        return files;
    }

    private static class Manifests
    {
        public static string Deployment(int i, string marker) => $$"""
            # service {{i}}
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: service-{{i}}
              labels: {app.kubernetes.io/version: "1.0.{{i}}"}
              annotations:
                pipelines/tag.app: "semver:~1.0"
            spec:
              replicas: 2
              template:
                metadata:
                  labels: {name: service-{{i}}, app.kubernetes.io/version: "1.0.{{i}}"}
                spec:
                  containers:
                  - name: app
                    image: registry.example.com/team-{{i % 50}}/service-{{i}}:1.0.{{i}}{{marker}}
                    ports: [{containerPort: 8080}]
                  - name: proxy
                    image: envoyproxy/envoy:v1.28.0

            """;

        public static string ServiceAndConfig(int i) => $$"""
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: service-{{i}}}
            spec:
              ports: [{port: 80, targetPort: 8080}]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: service-{{i}}-settings}
            data:
              settings.yaml: |
                level: info

            """;
    }
}
