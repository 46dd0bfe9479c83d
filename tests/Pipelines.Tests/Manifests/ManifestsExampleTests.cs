using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Sandbox.Git;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Manifests;

/// <summary>manifests-example/ is what the sandbox, the demo and new users start from: it must stay readable whole.</summary>
public sealed class ManifestsExampleTests : IDisposable
{
    private readonly string _bare = Directory.CreateTempSubdirectory("pipelines-example-").FullName;
    private readonly ConfigRepoHarness _harness = new();

    public ManifestsExampleTests()
    {
        var example = Path.Combine(BuiltCli.RepositoryRoot, "manifests-example");
        GitCommand.Run(_bare, "init", "-q", "--bare", "--initial-branch=main", ".");
        var files = Directory.EnumerateFiles(example, "*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(example, f).Replace('\\', '/'), File.ReadAllText(f))).ToList();
        GitCommand.CommitAndPush(_bare, "main", "sock-shop", files);
    }

    public void Dispose()
    {
        _harness.Dispose();
        Directory.Delete(_bare, recursive: true);
    }

    [Fact]
    public async Task Every_workload_of_both_environments_is_found()
    {
        using var snapshot = await _harness.Repository(_bare).ReadAsync();
        var config = PipelinesConfig.Parse(snapshot.ReadText("pipelines.yaml")!);
        Assert.Equal(["staging", "production"], config.Environments.Select(e => e.Name));
        Assert.Equal("staging", config.Environment("production").PromoteFrom);

        foreach (var environment in config.Environments)
        {
            var scan = EnvironmentScan.Read(snapshot.AsRepoFiles(), environment);
            Assert.Empty(scan.Warnings);
            Assert.Equal(
                new[] { "carts", "cart-report", "carts-db", "catalogue", "catalogue-db", "front-end", "orders", "orders-db", "payment", "queue-master", "rabbitmq", "session-db", "shipping", "user", "user-db" }.Order(),
                scan.Workloads.Select(w => w.Name).Order());
            Assert.All(scan.Workloads, w => Assert.Equal("sock-shop", w.Namespace));
            var frontEnd = scan.Resolve("front-end");
            Assert.Equal(["front-end", "metrics"], frontEnd.Containers.Select(c => c.Name));
            Assert.True(scan.Resolve("queue-master").Containers[0].IsInit);
            Assert.Equal("sock-shop:cronjob/cart-report", scan.Resolve("cart-report").Id);
        }
        var production = EnvironmentScan.Read(snapshot.AsRepoFiles(), config.Environment("production"));
        Assert.Equal("alice", production.Resolve("payment").Annotations["pipelines/locked-by"]);
    }

    [Fact]
    public async Task Releasing_front_end_changes_only_its_image_and_version_labels()
    {
        var repository = _harness.Repository(_bare);
        using var before = await repository.ReadAsync();
        var text = before.ReadText("environments/staging/front-end.yaml")!;
        var (edited, changes) = ImageEdit.SetImage(text, "environments/staging/front-end.yaml", "sock-shop:deployment/front-end", "front-end", "weaveworksdemos/front-end:0.3.13", "sock-shop");
        Assert.Equal(text.Replace("0.3.12", "0.3.13"), edited);
        Assert.Equal("weaveworksdemos/front-end:0.3.12", Assert.Single(changes).From);
    }
}
