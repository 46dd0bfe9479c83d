using Pipelines.Images;
using Pipelines.Cli;
using Pipelines.Registry;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Releases;

/// <summary>
/// A config repo served by the real git daemon whose workloads run images of the real registry fixture:
/// staging (automatic) and production (manual, promotes from staging). Every test gets its own
/// repositories in the registry and its own config repo, so tests never see each other's tags or commits.
/// </summary>
internal sealed class ReleaseWorld : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();
    private readonly RegistryFixture _registry;
    private readonly string _prefix;
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private int _pushed;

    public ReleaseWorld(RegistryFixture registry)
    {
        _registry = registry;
        _prefix = $"{registry.Registry.Host}/t{Guid.NewGuid().ToString("N")[..8]}";
        _server.CreateRepository("config", Files());
    }

    public string Url => _server.GitUrl("config");

    public string Image(string service, string tag) => $"{_prefix}/{service}:{tag}";

    public static string Deployment(string name, string image, string annotations = "", string sidecar = "") => $$"""
        # {{name}}: owned by the {{name}} team
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
        {{annotations}}
        spec:
          replicas: 1
          progressDeadlineSeconds: 3
          selector:
            matchLabels: {name: {{name}}}
          template:
            metadata:
              labels: {name: {{name}}}
            spec:
              containers:
              - name: {{name}}
                image: {{image}}   # set by releases
        {{sidecar}}
        """.Replace("\n\n", "\n") + "\n";

    private (string, string)[] Files() =>
    [
        ("pipelines.yaml", """
            environments:
              staging:
                path: environments/staging
                namespace: sock-shop
                automation: automatic
              production:
                path: environments/production
                namespace: shop-production
                automation: manual
                promoteFrom: staging
            """),
        ("environments/staging/front-end.yaml", Deployment("front-end", Image("front-end", "1.0.0"),
            "  annotations:\n    pipelines/tag.front-end: \"semver:~1.0\"",
            $"      - name: metrics\n        image: {Image("metrics", "1.0.0")}")),
        ("environments/staging/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: sock-shop\n"),
        ("environments/production/namespace.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-production\n"),
        ("environments/staging/carts.yaml", Deployment("carts", Image("carts", "1.0.0"))),
        ("environments/staging/payment.yaml", Deployment("payment", Image("payment", "1.0.0"),
            "  annotations:\n    pipelines/locked: \"true\"\n    pipelines/locked-by: alice\n    pipelines/locked-message: \"PCI audit until Friday\"")),
        ("environments/staging/orders.yaml", Deployment("orders", Image("orders", "1.0.0"), "  annotations: {pipelines/automated: \"false\"}")),
        ("environments/production/front-end.yaml", Deployment("front-end", Image("front-end", "0.9.0"),
            "", $"      - name: metrics\n        image: {Image("metrics", "1.0.0")}")),
        ("environments/production/carts.yaml", Deployment("carts", Image("carts", "0.9.0"))),
        ("environments/production/catalogue.yaml", Deployment("catalogue", Image("catalogue", "0.9.0"))),
    ];

    /// <summary>Pushes images in order; each is built a day after the one before, so "newest" is the last pushed.</summary>
    public async Task<Digest> PushAsync(string service, params string[] tags)
    {
        using var client = new RegistryClient(TestOptions.For());
        var repository = ImageReference.Parse($"{_prefix}/{service}");
        Digest digest = null!;
        foreach (var tag in tags) digest = await TestImages.PushImageAsync(client, repository, tag, created: T0.AddDays(++_pushed));
        return digest;
    }

    /// <summary>The usual registry: a newer patch and minor of every service.</summary>
    public async Task PushUsualAsync()
    {
        await PushAsync("front-end", "1.0.0", "1.0.1", "1.1.0");
        await PushAsync("metrics", "1.0.0");
        await PushAsync("carts", "1.0.0", "1.2.0");
        await PushAsync("payment", "1.0.0", "2.0.0");
        await PushAsync("orders", "1.0.0", "1.1.0");
    }

    /// <summary>A cluster to apply to (the API emulator); null: runs pass --apply false.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The environment the runs see (a CI host's variables, for instance).</summary>
    public Dictionary<string, string> Environment => _targets.Environment;

    public string Root => _targets.Root;

    public Task<(int ExitCode, string Stdout, string Stderr)> Run(string target, params string[] args) =>
        _targets.RunAsync([target, "--config-repo", Url, .. Kubeconfig is null ? ["--apply", "false"] : new[] { "--kubeconfig", Kubeconfig },
            "--lock", "none", "--user", "Carol <carol@example.com>", .. args], Sets());

    public Task<(int ExitCode, string Stdout, string Stderr)> RunRaw(params string[] args) => _targets.RunAsync(args, Sets());

    private static Pipelines.Targets.TargetSet[] Sets() => [new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets()];

    public string Show(string path, string branch = "main") => _server.Show("config", path, branch);

    /// <summary>Commits a file to the config repo's main branch, as someone editing it by hand would.</summary>
    public void CommitFile(string path, string content) =>
        Git.CommitAndPush(Path.Combine(_server.Root, "config.git"), "main", $"Add {path}", (path, content));

    /// <summary>Several files in one commit (a config repo of many services, without a commit each).</summary>
    public void CommitFiles(string message, params (string Path, string Content)[] files) =>
        Git.CommitAndPush(Path.Combine(_server.Root, "config.git"), "main", message, files);

    public string Log(string format = "%s", string branch = "main") => _server.Log("config", branch, format);

    public int Commits(string branch = "main") => Log("%H", branch).Trim().Split('\n').Length;

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }
}
