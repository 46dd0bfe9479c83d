using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>CustomResourceDefinitions: established after a moment, then served in discovery and REST, their schema enforced.</summary>
public sealed class CustomResourceDefinitionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
            "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"}}},"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}
        """;

    [Fact]
    public async Task A_crd_becomes_established_and_its_kind_is_served_in_discovery_and_rest_with_its_schema_enforced()
    {
        var (created, _) = await fixture.Send(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd);
        Assert.Equal(201, created);

        await Eventually.Until(async () => (await fixture.Send(HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com")).Body,
            crd => (crd["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True") == true, "Established");
        var (_, discovery) = await fixture.Send(HttpMethod.Get, "/apis/example.com/v1");
        var ns = await fixture.NewNamespace();
        var (made, gadget) = await fixture.Send(HttpMethod.Post, $"/apis/example.com/v1/namespaces/{ns}/gadgets", """{"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":3}}""");
        var (refused, status) = await fixture.Send(HttpMethod.Patch, $"/apis/example.com/v1/namespaces/{ns}/gadgets/g?fieldManager=t&force=true",
            "apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\nspec: {size: 3, colour: red}\n", "application/apply-patch+yaml");

        Assert.Contains("gadgets", discovery["resources"]!.AsArray().Select(r => (string?)r!["name"]));
        Assert.Equal(201, made);
        Assert.Equal(1, (int?)gadget["metadata"]!["generation"]);
        Assert.Equal(500, refused);
        Assert.EndsWith(".spec.colour: field not declared in schema", (string?)status["message"]);
    }

    [Fact]
    public async Task A_crd_whose_name_is_not_plural_dot_group_is_invalid()
    {
        var (code, status) = await fixture.Send(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd.Replace("\"name\":\"gadgets.example.com\"", "\"name\":\"gizmos.example.com\""));

        Assert.Equal(422, code);
        Assert.Contains("metadata.name: Invalid value: \"gizmos.example.com\": must be spec.names.plural+\".\"+spec.group", (string?)status["message"]);
    }
}
