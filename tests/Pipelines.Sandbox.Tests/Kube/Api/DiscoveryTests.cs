using k8s;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Tests.Kube.Api;

public sealed class DiscoveryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Version_reports_a_1_33_server()
    {
        var version = await fixture.Client.Version.GetCodeAsync();
        Assert.Equal("1", version.Major);
        Assert.Equal("33", version.Minor);
        Assert.StartsWith("v1.33", version.GitVersion);
    }

    [Fact]
    public async Task Core_group_lists_its_resources_with_scope_verbs_and_status_subresources()
    {
        var (code, body) = await fixture.Send(HttpMethod.Get, "/api/v1");
        Assert.Equal(200, code);
        Assert.Equal("APIResourceList", (string?)body["kind"]);
        var resources = body["resources"]!.AsArray().Select(r => r!).ToList();
        var pods = resources.Single(r => (string?)r["name"] == "pods");
        Assert.True((bool)pods["namespaced"]!);
        Assert.Equal("Pod", (string?)pods["kind"]);
        Assert.Contains("watch", pods["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Contains(resources, r => (string?)r["name"] == "pods/status");
        var namespaces = resources.Single(r => (string?)r["name"] == "namespaces");
        Assert.False((bool)namespaces["namespaced"]!);
        Assert.Contains("ns", namespaces["shortNames"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public async Task Groups_list_every_served_group_with_preferred_versions()
    {
        var (_, body) = await fixture.Send(HttpMethod.Get, "/apis");
        var groups = body["groups"]!.AsArray().Select(g => (string?)g!["name"]).ToList();
        Assert.Equal(["apiextensions.k8s.io", "apps", "batch", "coordination.k8s.io", "networking.k8s.io", "rbac.authorization.k8s.io"], groups.Order());
        var (_, apps) = await fixture.Send(HttpMethod.Get, "/apis/apps/v1");
        Assert.Equal(["controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"],
            apps["resources"]!.AsArray().Select(r => (string)r!["name"]!).Where(n => !n.Contains('/')).Order());
    }

    [Fact]
    public async Task Unknown_paths_answer_404_with_a_Status_body()
    {
        var (code, body) = await fixture.Send(HttpMethod.Get, "/apis/example.com/v1/widgets");
        Assert.Equal(404, code);
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
    }

    [Fact]
    public async Task OpenApi_v3_documents_carry_merge_keys_and_list_types_for_strategic_merge()
    {
        var (_, root) = await fixture.Send(HttpMethod.Get, "/openapi/v3");
        var url = (string)root["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!;
        var (code, doc) = await fixture.Send(HttpMethod.Get, url);
        Assert.Equal(200, code);
        var containers = doc["components"]!["schemas"]!["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("name", (string?)containers["x-kubernetes-patch-merge-key"]);
        Assert.Equal("merge", (string?)containers["x-kubernetes-patch-strategy"]);
        Assert.Equal("map", (string?)containers["x-kubernetes-list-type"]);
        var deployment = doc["components"]!["schemas"]!["io.k8s.api.apps.v1.Deployment"]!;
        Assert.Equal("Deployment", (string?)deployment["x-kubernetes-group-version-kind"]![0]!["kind"]);
        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Contains("fieldValidation", patch["parameters"]!.AsArray().Select(p => (string?)p!["name"]));
    }

    [Fact]
    public async Task OpenApi_v2_has_a_definition_per_kind_with_its_group_version_kind()
    {
        var (code, doc) = await fixture.Send(HttpMethod.Get, "/openapi/v2");
        Assert.Equal(200, code);
        Assert.Equal("2.0", (string?)doc["swagger"]);
        var lease = doc["definitions"]!["io.k8s.api.coordination.v1.Lease"]!;
        Assert.Equal("coordination.k8s.io", (string?)lease["x-kubernetes-group-version-kind"]![0]!["group"]);
        var ports = doc["definitions"]!["io.k8s.api.core.v1.ServiceSpec"]!["properties"]!["ports"]!;
        Assert.Equal(new JsonArray("port", "protocol").ToJsonString(), ports["x-kubernetes-list-map-keys"]!.ToJsonString());
    }
}
