using k8s;
using k8s.Models;

namespace Pipelines.Sandbox.Tests.Kube.Api;

public sealed class PatchVerbTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private k8s.Kubernetes Client => fixture.Client;

    [Fact]
    public async Task Strategic_merge_patch_sets_one_containers_image_and_bumps_generation()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 0), ns);
        var patch = new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"shop/web:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch);
        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(patch, "web", ns);
        Assert.Equal("shop/web:2", patched.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(8080, patched.Spec.Template.Spec.Containers[0].Ports[0].ContainerPort);
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Json_patch_and_merge_patch_change_the_stored_object()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("settings"), ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""[{"op":"add","path":"/data/extra","value":"1"}]""", V1Patch.PatchType.JsonPatch), "settings", ns);
        var merged = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"key":null}}""", V1Patch.PatchType.MergePatch), "settings", ns);
        Assert.Equal(new Dictionary<string, string> { ["extra"] = "1" }, merged.Data);
    }

    [Fact]
    public async Task Server_side_apply_creates_then_updates_and_an_unchanged_apply_keeps_the_resource_version()
    {
        var ns = await fixture.NewNamespace();
        const string yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {key: one}
            """;
        var path = $"/api/v1/namespaces/{ns}/configmaps/settings?fieldManager=pipelines&force=true";
        var (created, first) = await fixture.Send(HttpMethod.Patch, path, yaml, "application/apply-patch+yaml");
        Assert.Equal(201, created);
        var (again, second) = await fixture.Send(HttpMethod.Patch, path, yaml, "application/apply-patch+yaml");
        Assert.Equal(200, again);
        Assert.Equal((string?)first["metadata"]!["resourceVersion"], (string?)second["metadata"]!["resourceVersion"]);
        var (_, changed) = await fixture.Send(HttpMethod.Patch, path, yaml.Replace("one", "two"), "application/apply-patch+yaml");
        Assert.Equal("two", (string?)changed["data"]!["key"]);
    }

    [Fact]
    public async Task A_namespace_created_by_apply_gets_its_default_service_account_and_a_dry_run_gets_nothing()
    {
        var name = $"applied-{Guid.NewGuid().ToString("N")[..8]}";
        var yaml = $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}}}\n";

        var (dryRun, _) = await fixture.Send(HttpMethod.Patch, $"/api/v1/namespaces/{name}?fieldManager=kubectl&dryRun=All", yaml, "application/apply-patch+yaml");
        Assert.Equal(201, dryRun);
        Assert.Equal(404, (await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{name}")).Code);

        var (created, _) = await fixture.Send(HttpMethod.Patch, $"/api/v1/namespaces/{name}?fieldManager=kubectl", yaml, "application/apply-patch+yaml");
        Assert.Equal(201, created);
        var (code, account) = await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{name}/serviceaccounts/default");
        Assert.Equal(200, code);
        Assert.Equal("default", (string?)account["metadata"]!["name"]);
    }

    [Fact]
    public async Task Apply_without_a_field_manager_is_refused()
    {
        var ns = await fixture.NewNamespace();
        var (code, body) = await fixture.Send(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/x",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "application/apply-patch+yaml");
        Assert.Equal(422, code);
        Assert.Contains("fieldManager: Required value", (string?)body["message"]);
    }

    [Fact]
    public async Task Dry_run_patch_answers_the_result_without_storing_it()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("settings"), ns);
        var answer = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"key":"dry"}}""", V1Patch.PatchType.MergePatch), "settings", ns, dryRun: "All");
        Assert.Equal("dry", answer.Data["key"]);
        Assert.Equal("value", (await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns)).Data["key"]);
    }

    [Fact]
    public async Task A_patch_of_an_unknown_media_type_answers_415()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("settings"), ns);
        var (code, body) = await fixture.Send(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/settings", "{}", "text/plain");
        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", (string?)body["reason"]);
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_writes_spec_replicas()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 1), ns);
        var scale = await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal("app=web", (await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns)).Status.Selector);
        Assert.Equal(3, (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);
    }
}
