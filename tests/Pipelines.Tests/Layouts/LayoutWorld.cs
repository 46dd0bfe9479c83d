using Pipelines.Diagnostics;
using Pipelines.ConfigRepo;
using Pipelines.Images;
using Pipelines.Locking;
using Pipelines.Cli;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Targets;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Layouts;

/// <summary>
/// A config repo laid out as teams coming from kustomize, Flux or Argo CD lay theirs out, served by the real git daemon, whose
/// images live in the real registry fixture. <c>{{registry}}</c> in the files stands for this test's own registry prefix, so
/// tests never see each other's tags. The product's targets run in-process with <c>--apply false</c> (a GitOps agent renders
/// and applies these layouts).
/// </summary>
internal sealed class LayoutWorld : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();
    private readonly string _cache = Directory.CreateTempSubdirectory("pipelines-layout-").FullName;
    private int _pushed;

    public LayoutWorld(RegistryFixture registry, IReadOnlyDictionary<string, string> files)
    {
        Prefix = $"{registry.Registry.Host}/l{Guid.NewGuid().ToString("N")[..8]}";
        _server.CreateRepository("config", files.Select(f => (f.Key, f.Value.Replace("{{registry}}", Prefix))).ToArray());
    }

    /// <summary>This test's repositories: <c>host:port/l1234abcd</c>.</summary>
    public string Prefix { get; }

    public string Url => _server.GitUrl("config");

    public string Image(string service, string tag) => $"{Prefix}/{service}:{tag}";

    /// <summary>Pushes images in order, each built an hour after the one before; returns the last digest.</summary>
    public async Task<Digest> PushAsync(string service, params string[] tags)
    {
        using var client = new RegistryClient(TestOptions.For());
        Digest digest = null!;
        foreach (var tag in tags) digest = await TestImages.PushImageAsync(client, ImageReference.Parse($"{Prefix}/{service}"), tag, created: T0.AddHours(++_pushed));
        return digest;
    }

    public Task<(int ExitCode, string Stdout, string Stderr)> Run(string target, params string[] args) =>
        _targets.RunAsync([target, "--config-repo", Url, "--apply", "false", "--lock", "none", "--user", "Carol <carol@example.com>", .. args],
            new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets());

    /// <summary>What the release manager shows of an environment (ListServices' columns, the API's services), without a cluster.</summary>
    public Task<EnvironmentStatus> StatusAsync(string environment) => Operations().StatusAsync(environment);

    private ReleaseOperations Operations() => new(new ReleaseManagerSettings
    {
        OpenRepository = () => new ConfigRepository(new ConfigRepoOptions(RemoteUrl.Parse(Url, _cache), "main", null, Path.Combine(_cache, "config-repos"), 10,
            new CommitIdentity("watch", "watch@pipelines", null)), TextLog.To(TextWriter.Null)),
        OpenLock = _ => new NoLock(),
        Registry = TestOptions.For() with { CacheDirectory = Path.Combine(_cache, "registry") },
    }, TextLog.To(TextWriter.Null));

    public string Show(string path, string branch = "main") => _server.Show("config", path, branch);

    public string Log(string format = "%s", string branch = "main") => _server.Log("config", branch, format);

    public int Commits(string branch = "main") => Log("%H", branch).Trim().Split('\n').Length;

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
        Directory.Delete(_cache, recursive: true);
    }
}
