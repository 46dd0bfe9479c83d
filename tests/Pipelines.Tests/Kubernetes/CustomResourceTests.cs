namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// A CRD and its custom resources in one config repo: the CRD is applied first and waited for until Established (a real
/// API server takes a moment), discovery is asked again, and then the custom resources are applied.
/// </summary>
public sealed class CustomResourceTests : IAsyncLifetime
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      color: {type: string}
                      size: {type: integer}
        """;

    private const string Widget = """
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: blue
          namespace: sock-shop
        spec:
          color: blue
          size: 3
        """;

    private ClusterHarness _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ClusterHarness.StartAsync(options => options with { CrdEstablishDelay = TimeSpan.FromSeconds(1) });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Sync_applies_a_CRD_and_its_custom_resources_in_one_run_and_a_second_run_changes_nothing()
    {
        _cluster.Commit("widgets", ("environments/staging/widget-crd.yaml", Crd), ("environments/staging/widgets.yaml", Widget));

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created", stderr);
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.com established", stderr);
        Assert.Contains("widget.example.com/blue in sock-shop created", stderr);
        var (getExit, widget) = await _cluster.Kubectl.Run("get", "widgets", "blue", "-n", "sock-shop", "-o", "jsonpath={.spec.color}");
        Assert.True(getExit == 0, widget);
        Assert.Equal("blue", widget);

        var again = await _cluster.Run("Sync", "--environment", "staging");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("widget.example.com/blue in sock-shop unchanged", again.Stderr);
    }

    [Fact]
    public async Task A_dry_run_says_the_custom_resources_of_a_new_CRD_cannot_be_checked_yet()
    {
        _cluster.Commit("widgets", ("environments/staging/widget-crd.yaml", Crd), ("environments/staging/widgets.yaml", Widget));

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging", "--dry-run");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.com created (server dry run)", stderr);
        Assert.Contains("widget.example.com/blue in sock-shop not checked (server dry run): its CustomResourceDefinition comes with this change", stderr);
    }

    [Fact]
    public async Task A_custom_resource_with_a_field_its_schema_does_not_declare_is_refused()
    {
        _cluster.Commit("widgets", ("environments/staging/widget-crd.yaml", Crd), ("environments/staging/widgets.yaml", Widget.Replace("size: 3", "size: 3\n  shape: round")));

        var (exitCode, _, stderr) = await _cluster.Run("Sync", "--environment", "staging");

        Assert.Equal(1, exitCode);
        Assert.Contains(".spec.shape: field not declared in schema", stderr);
    }
}
