using BenchmarkDotNet.Attributes;
using Pipelines.ConfigRepo;
using Pipelines.Diagnostics;
using Pipelines.Locking;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Sandbox.Git;
using Pipelines.Targets;

namespace Pipelines.Benchmarks;

/// <summary>
/// One config repo update (fetch, edit, commit, push) against a real git daemon on loopback, with the
/// object cache warm, as a CI job's second and later runs on a machine have it. The repo holds 200
/// manifests so that checkout and fetch have something to do.
/// </summary>
[MemoryDiagnoser]
public class ConfigRepoBenchmarks
{
    private string _root = "";
    private GitDaemon? _daemon;
    private ConfigRepository? _repository;
    private ConfigRepository? _locked;
    private int _counter;

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("pipelines-bench-git-").FullName;
        _daemon = GitDaemon.Start(Path.Combine(_root, "server"));
        var files = Enumerable.Range(0, 200)
            .Select(i => ($"environments/staging/service-{i}.yaml", $"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: service-{i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: registry.example.com/service-{i}:1.0.{i}\n"))
            .ToList();
        _daemon.CreateRepository("config", files);
        _repository = Open();
        _locked = Open();
        _repository.UpdateAsync(Update(), new NoLock()).GetAwaiter().GetResult(); // warms the cache
    }

    private ConfigRepository Open() => new(
        new ConfigRepoOptions(RemoteUrl.Parse(_daemon!.Url("config"), "/"), "main", null, Path.Combine(_root, "cache"), 10, new CommitIdentity("bench", "bench@pipelines", null)),
        TextLog.To(TextWriter.Null));

    private ConfigUpdate Update()
    {
        var n = Interlocked.Increment(ref _counter);
        return snapshot =>
        {
            var path = "environments/staging/service-7.yaml";
            var text = snapshot.ReadText(path)!;
            var next = System.Text.RegularExpressions.Regex.Replace(text, @"image: (\S+):\S+", $"image: $1:2.0.{n}");
            return new ConfigChange([new FileEdit(path, next)], new ReleaseCommitMessage($"Release {n}", ReleaseAction.Release, ReleaseId.New(DateTimeOffset.UtcNow), "staging",
                [new ContainerChange("default:deployment/service-7", "app", "old", $"2.0.{n}")], "bench"));
        };
    }

    [Benchmark(Description = "update: fetch, edit, commit, push (no lock)")]
    public Task<UpdateResult> UpdateWithoutLock() => _repository!.UpdateAsync(Update(), new NoLock());

    [Benchmark(Description = "update under the git lock (acquire, update, release)")]
    public Task<UpdateResult> UpdateWithGitLock() =>
        _locked!.UpdateAsync(Update(), new GitLock(_locked.Cache, "pipelines-lock", LockOwner.ForThisProcess("bench", null), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1), TextLog.To(TextWriter.Null)));

    [GlobalCleanup]
    public void Cleanup()
    {
        _daemon?.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
