using k8s;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Tests.Kube.Api;

public sealed class TableTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private async Task<JsonNode> Table(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await fixture.Http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task Kubectl_get_receives_tables_with_the_columns_of_the_kind()
    {
        var ns = await fixture.NewNamespace();
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 1), ns);
        await Eventually.Until(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns), d => d.Status?.AvailableReplicas == 1, "the rollout");

        var table = await Table($"/apis/apps/v1/namespaces/{ns}/deployments");
        Assert.Equal("Table", (string?)table["kind"]);
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"],
            table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("web", (string?)cells[0]);
        Assert.Equal("1/1", (string?)cells[1]);
        Assert.Equal("shop/web:1", (string?)cells[6]);
        Assert.Equal("PartialObjectMetadata", (string?)table["rows"]![0]!["object"]!["kind"]);
    }

    [Fact]
    public async Task The_pod_status_column_shows_the_waiting_reason_of_a_bad_image()
    {
        var ns = await fixture.NewNamespace();
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "registry.test/shop/web:broken", replicas: 1), ns);
        var table = await Eventually.Until(() => Table($"/api/v1/namespaces/{ns}/pods"),
            t => t["rows"]!.AsArray().Count == 1 && (string?)t["rows"]![0]!["cells"]![2] == "ImagePullBackOff", "ImagePullBackOff");
        Assert.Equal("0/1", (string?)table["rows"]![0]!["cells"]![1]);
    }
}
