using Pipelines.Diagnostics;
using k8s;
using Pipelines.Config;
using Pipelines.Kubernetes;
using Pipelines.Targets;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// What a real API server refuses must never land in git: before a commit, the change is applied as a server-side dry run
/// (dryRun=All, fieldValidation=Strict) to the environment's cluster, and what it refuses is reported per object.
/// </summary>
public sealed class DryRunValidationTests : IAsyncLifetime
{
    private static readonly EnvironmentConfig Staging = new("staging", "environments/staging", "sock-shop", Automation.Automatic, "glob:*", "staging", null, null, 3);
    private ClusterHarness _cluster = null!;
    private readonly StringWriter _log = new();

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IEnvironmentCluster Connect() => KubernetesEnvironmentCluster.Connect(Staging,
        new KubernetesSettings { Selection = new ClusterSelection { Kubeconfig = _cluster.Kubeconfig } }, TextLog.To(_log));

    private (string Path, string Text) File(string name, Func<string, string>? edit = null)
    {
        var path = $"environments/staging/{name}";
        var text = _cluster.Server.Show("config", path);
        return (path, edit is null ? text : edit(text));
    }

    [Fact]
    public async Task A_change_with_an_unknown_field_is_refused_naming_file_line_object_and_field_and_changes_nothing()
    {
        Assert.Equal(0, (await _cluster.Run("Sync", "--environment", "staging")).ExitCode);
        var edited = File("front-end.yaml", text => text.Replace("        image: weaveworksdemos/front-end:0.3.12\n",
            "        image: weaveworksdemos/front-end:0.3.13\n        imagePullPolice: Always\n", StringComparison.Ordinal));

        var report = await Connect().DryRunFilesAsync([edited]);

        Assert.True(report.Reached);
        Assert.False(report.Valid);
        var refused = Assert.Single(report.Refused);
        Assert.Equal("environments/staging/front-end.yaml:2: deployment.apps/front-end: failed to create typed patch object (sock-shop/front-end; apps/v1, Kind=Deployment): " +
            ".spec.template.spec.containers[name=\"front-end\"].imagePullPolice: field not declared in schema", refused.Text);
        Assert.Contains("service/front-end", report.Objects.Select(o => o.Display));
        var live = await _cluster.Client().AppsV1.ReadNamespacedDeploymentAsync("front-end", "sock-shop");
        Assert.Equal("weaveworksdemos/front-end:0.3.12", live.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task A_valid_change_says_what_each_apply_would_do()
    {
        Assert.Equal(0, (await _cluster.Run("Sync", "--environment", "staging")).ExitCode);
        var edited = File("front-end.yaml", text => text.Replace("weaveworksdemos/front-end:0.3.12", "weaveworksdemos/front-end:0.3.13", StringComparison.Ordinal));

        var report = await Connect().DryRunFilesAsync([edited]);

        Assert.True(report.Valid);
        Assert.Equal(["service/front-end unchanged", "deployment.apps/front-end configured"],
            report.Objects.Select(o => $"{o.Display} {o.Action.ToString().ToLowerInvariant()}"));
        Assert.Equal("validation: the API server accepts all 2 object(s) (server-side dry run)", Assert.Single(report.Lines()));
    }

    [Fact]
    public async Task Objects_in_a_namespace_that_comes_with_the_same_change_are_reported_not_checked()
    {
        var report = await Connect().DryRunFilesAsync([File("namespace.yaml"), File("front-end.yaml")]);

        Assert.True(report.Valid);
        Assert.Equal("namespace/sock-shop created", Assert.Single(report.Objects, o => o.Source.Kind == "Namespace") is var ns ? $"{ns.Display} {ns.Action.ToString().ToLowerInvariant()}" : "");
        Assert.Contains("environments/staging/front-end.yaml:2: deployment.apps/front-end: its namespace sock-shop comes with this change", report.NotChecked.Select(p => p.Text));
    }

    [Fact]
    public async Task A_cluster_that_cannot_be_reached_is_reported_as_not_checked_rather_than_failing()
    {
        var cluster = Connect();
        await _cluster.Emulator.DisposeAsync();

        var report = await cluster.DryRunFilesAsync([File("front-end.yaml")]);

        Assert.False(report.Reached);
        Assert.StartsWith("validation: not done, the cluster could not be reached (", Assert.Single(report.Lines()));
    }
}
