using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Sandbox.Git;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Yaml;

namespace Pipelines.Tests.Manifests;

public sealed class EnvironmentScanTests : IDisposable
{
    private readonly string _bare = Directory.CreateTempSubdirectory("pipelines-scan-").FullName;
    private readonly ConfigRepoHarness _harness = new();
    private static readonly EnvironmentConfig Staging = new("staging", "envs/staging", "shop", Automation.Automatic, "glob:*", null, null, null, 1);

    public EnvironmentScanTests() => GitCommand.Run(_bare, "init", "-q", "--bare", "--initial-branch=main", ".");

    public void Dispose()
    {
        _harness.Dispose();
        Directory.Delete(_bare, recursive: true);
    }

    private async Task<EnvironmentScan> Scan(params (string Path, string Content)[] files)
    {
        GitCommand.CommitAndPush(_bare, "main", "manifests", files);
        using var snapshot = await _harness.Repository(_bare).ReadAsync();
        return EnvironmentScan.Read(snapshot.AsRepoFiles(), Staging);
    }

    private const string App = "kind: Deployment\nmetadata: {name: app}\nspec: {template: {spec: {containers: [{name: app, image: app:1}]}}}\n";

    [Fact]
    public async Task Helm_templates_are_skipped_with_a_warning_naming_them()
    {
        var scan = await Scan(("envs/staging/app.yaml", App), ("envs/staging/chart/deployment.yaml", "kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"), ("envs/prod/other.yaml", App));
        Assert.Equal(["shop:deployment/app"], scan.Workloads.Select(w => w.Id));
        Assert.Equal("envs/staging/chart/deployment.yaml: skipped, it is a template ({{ … }}), not YAML.", Assert.Single(scan.Warnings));
    }

    [Fact]
    public async Task Two_workloads_with_one_id_name_both_files()
    {
        var error = await Assert.ThrowsAsync<ManifestException>(() => Scan(("envs/staging/a.yaml", App), ("envs/staging/b.yml", "# copy\n" + App)));
        Assert.Contains("envs/staging/b.yml:2:", error.Message);
        Assert.Contains("shop:deployment/app is also defined in envs/staging/a.yaml:1", error.Message);
    }

    [Fact]
    public async Task Files_over_the_size_limit_are_refused_with_a_message()
    {
        var huge = App + "# " + new string('x', (int)EnvironmentScan.MaxFileSize) + "\n";
        var error = await Assert.ThrowsAsync<ManifestException>(() => Scan(("envs/staging/huge.yaml", huge)));
        Assert.Contains("envs/staging/huge.yaml: is larger than 10 MiB", error.Message);
    }

    [Fact]
    public async Task Ambiguous_service_lists_the_matches()
    {
        var scan = await Scan(("envs/staging/a.yaml", App), ("envs/staging/b.yaml", App.Replace("{name: app}", "{name: app, namespace: other}")));
        var error = Assert.Throws<Pipelines.Faults.PipelinesException>(() => scan.Resolve("app"));
        Assert.Equal(Pipelines.Faults.FaultKind.Usage, error.Kind); // exit 2, HTTP 400
        Assert.Contains("--service app matches 2 workloads in staging: shop:deployment/app, other:deployment/app. Name one of them.", error.Message);
        Assert.Equal("other:deployment/app", scan.Resolve("other/app").Id);
    }
}
