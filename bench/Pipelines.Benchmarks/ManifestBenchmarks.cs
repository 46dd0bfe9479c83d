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
/// Discovery over a config repo of 5,000 manifest files (15,000 documents: a Deployment, a Service and a
/// ConfigMap each), read from git objects as every release reads them; and one in-place image edit.
/// </summary>
[MemoryDiagnoser]
public class ManifestBenchmarks
{
    private const int Files = 5000;
    private string _root = "";
    // Each scan opens its own snapshot, as each run does: a snapshot keeps the folders it read.
    private ConfigRepository? _repository;
    private string _commit = "";
    private EnvironmentConfig? _environment;
    private string _file = "";

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("pipelines-bench-manifests-").FullName;
        var bare = Path.Combine(_root, "config.git");
        Repository.Init(bare, isBare: true);
        using (var repository = new Repository(bare))
        {
            var tree = new TreeDefinition();
            for (var i = 0; i < Files; i++)
            {
                using var content = new MemoryStream(Encoding.UTF8.GetBytes(Manifest(i)));
                tree.Add($"environments/staging/team-{i % 50}/service-{i}.yaml", repository.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
            }
            using var config = new MemoryStream(Encoding.UTF8.GetBytes("environments:\n  staging: {path: environments/staging, namespace: shop}\n"));
            tree.Add("pipelines.yaml", repository.ObjectDatabase.CreateBlob(config), Mode.NonExecutableFile);
            var signature = new Signature("bench", "bench@pipelines", DateTimeOffset.UtcNow);
            var commit = repository.ObjectDatabase.CreateCommit(signature, signature, "5,000 manifests", repository.ObjectDatabase.CreateTree(tree), [], false);
            repository.Refs.Add("refs/heads/main", commit.Id);
        }
        var configRepository = new ConfigRepository(new ConfigRepoOptions(RemoteUrl.Parse(bare, "/"), "main", null, Path.Combine(_root, "cache"), 1,
            new CommitIdentity("bench", "bench@pipelines", null)), TextLog.To(TextWriter.Null));
        using var snapshot = configRepository.ReadAsync().GetAwaiter().GetResult();
        (_repository, _commit) = (configRepository, snapshot.Commit!);
        _environment = PipelinesConfig.Parse(snapshot.ReadText("pipelines.yaml")!).Environment("staging");
        _file = Manifest(4242);
    }

    private static string Manifest(int i) => $$"""
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
                image: registry.example.com/team-{{i % 50}}/service-{{i}}:1.0.{{i}}   # set by CI
                ports: [{containerPort: 8080}]
              - name: proxy
                image: envoyproxy/envoy:v1.28.0
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
            upstream: service-{{(i + 1) % Files}}

        """;

    [Benchmark(Description = "discover 5,000 files / 15,000 documents")]
    public int Discover()
    {
        using var snapshot = _repository!.SnapshotAt(_commit);
        return EnvironmentScan.Read(snapshot.AsRepoFiles(), _environment!).Workloads.Count;
    }

    [Benchmark(Description = "edit one image in one file")]
    public int EditOneImage() =>
        ImageEdit.SetImage(_file, "f.yaml", "shop:deployment/service-4242", "app", "registry.example.com/team-42/service-4242:2.0.0", "shop").Text.Length;

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_root, recursive: true);
    }
}
