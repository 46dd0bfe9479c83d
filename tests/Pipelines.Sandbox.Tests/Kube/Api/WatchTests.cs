using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Api;

public sealed class WatchTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private k8s.Kubernetes Client => fixture.Client;

    /// <summary>Reads events of a raw watch until <paramref name="count"/> have arrived.</summary>
    private static async Task<List<JsonObject>> Events(HttpClient http, string path, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await http.GetAsync(path.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<JsonObject>();
        while (events.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
            events.Add(JsonNode.Parse(line)!.AsObject());
        return events;
    }

    private static string Describe(JsonObject e) => $"{e["type"]} {e["object"]?["metadata"]?["name"]}";

    [Fact]
    public async Task A_watch_from_a_resource_version_replays_later_changes_in_order()
    {
        var ns = await fixture.NewNamespace();
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("a"), ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"2"}}""", V1Patch.PatchType.MergePatch), "a", ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("b"), ns);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("a", ns);

        var events = await Events(fixture.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={created.Metadata.ResourceVersion}", 3);
        Assert.Equal(["MODIFIED a", "ADDED b", "DELETED a"], events.Select(Describe));
        Assert.Equal("ConfigMap", (string?)events[0]["object"]!["kind"]);
    }

    [Fact]
    public async Task A_watch_without_a_resource_version_starts_with_the_current_objects_as_ADDED()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("a"), ns);
        var events = await Events(fixture.Http, $"/api/v1/namespaces/{ns}/configmaps?watch=1", 1);
        Assert.Equal(["ADDED a"], events.Select(Describe));
    }

    [Fact]
    public async Task A_field_selector_watch_follows_one_object_as_rollout_status_does()
    {
        var ns = await fixture.NewNamespace();
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        var watching = Events(fixture.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&fieldSelector=metadata.name%3Dweb&resourceVersion={list.Metadata.ResourceVersion}", 2);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("other"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("web"), ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"key":"2"}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(["ADDED web", "MODIFIED web"], (await watching).Select(Describe));
    }

    [Fact]
    public async Task An_object_that_stops_matching_the_label_selector_is_reported_DELETED()
    {
        var ns = await fixture.NewNamespace();
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("a", new Dictionary<string, string> { ["tier"] = "web" }), ns);
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"tier":"db"}}}""", V1Patch.PatchType.MergePatch), "a", ns);
        var events = await Events(fixture.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&labelSelector=tier%3Dweb&resourceVersion={created.Metadata.ResourceVersion}", 1);
        Assert.Equal(["DELETED a"], events.Select(Describe));
    }

    [Fact]
    public async Task Bookmarks_carry_the_resource_version_when_allowed()
    {
        var ns = await fixture.NewNamespace();
        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        var events = await Events(fixture.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion={list.Metadata.ResourceVersion}", 1);
        Assert.Equal("BOOKMARK", (string?)events[0]["type"]);
        Assert.Equal("ConfigMap", (string?)events[0]["object"]!["kind"]);
        Assert.False(string.IsNullOrEmpty((string?)events[0]["object"]!["metadata"]!["resourceVersion"]));
    }

    [Fact]
    public async Task Send_initial_events_ends_the_initial_list_with_an_annotated_bookmark()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("a"), ns);
        var events = await Events(fixture.Http,
            $"/api/v1/namespaces/{ns}/configmaps?watch=true&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan", 2);
        Assert.Equal("ADDED a", Describe(events[0]));
        Assert.Equal("true", (string?)events[1]["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
    }

    [Fact]
    public async Task KubernetesClient_watches_see_deployment_status_changes()
    {
        var ns = await fixture.NewNamespace();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new List<WatchEventType>();
        var watch = Task.Run(async () =>
        {
            await foreach (var (type, item) in Client.AppsV1.WatchListNamespacedDeploymentAsync(ns, cancellationToken: stop.Token))
            {
                seen.Add(type);
                if (item.Status?.AvailableReplicas == 1) return item;
            }
            return null;
        }, stop.Token);
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 1), ns);
        var available = await watch;
        Assert.NotNull(available);
        Assert.Equal(WatchEventType.Added, seen[0]);
        Assert.Contains(WatchEventType.Modified, seen);
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_older_than_the_history_ends_with_an_ERROR_event_of_410_Expired()
    {
        await using var small = await KubeApiEmulator.StartAsync(new EmulatorOptions { WatchHistory = 2 });
        using var http = new HttpClient { BaseAddress = small.BaseAddress };
        for (var i = 0; i < 5; i++)
            await http.PostAsync($"api/v1/namespaces/default/configmaps",
                new StringContent("{\"metadata\":{\"name\":\"c" + i + "\"}}", System.Text.Encoding.UTF8, "application/json"));
        var response = await http.GetAsync("api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1");
        Assert.Equal(200, (int)response.StatusCode);
        var error = JsonNode.Parse((await response.Content.ReadAsStringAsync()).Trim())!;
        Assert.Equal("ERROR", (string?)error["type"]);
        var status = error["object"]!;
        Assert.Equal(410, (int?)status["code"]);
        Assert.Equal("Expired", (string?)status["reason"]);
        Assert.StartsWith("too old resource version: 1", (string?)status["message"]);
    }
}
