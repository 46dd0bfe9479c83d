using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>Server-side apply's field ownership over HTTP: managedFields for every writer, conflicts, force, shared fields.</summary>
public sealed class FieldOwnershipTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: web, image: shop/web:1}
        """;

    private Task<(int Code, JsonNode Body)> Apply(string ns, string manager, string yaml, bool force = false) =>
        fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager={manager}{(force ? "&force=true" : "")}", yaml, "application/apply-patch+yaml");

    private static JsonObject? Entry(JsonNode obj, string manager, string operation) =>
        obj["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>().FirstOrDefault(e => (string?)e["manager"] == manager && (string?)e["operation"] == operation);

    [Fact]
    public async Task An_apply_changing_a_field_another_manager_set_is_refused_with_409_naming_manager_and_field()
    {
        var ns = await fixture.NewNamespace();
        Assert.Equal(201, (await Apply(ns, "pipelines", Deployment)).Code);
        var (scaled, _) = await fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web/scale?fieldManager=autoscaler",
            """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        Assert.Equal(200, scaled);

        var (code, status) = await Apply(ns, "pipelines", Deployment);

        Assert.Equal(409, code);
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"autoscaler\" using apps/v1: .spec.replicas", (string?)status["message"]);
        Assert.Equal(".spec.replicas", (string?)status["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task A_forced_apply_takes_the_field_over_from_the_other_manager()
    {
        var ns = await fixture.NewNamespace();
        await Apply(ns, "pipelines", Deployment);
        await fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web/scale?fieldManager=autoscaler", """{"spec":{"replicas":5}}""", "application/merge-patch+json");

        var (code, forced) = await Apply(ns, "pipelines", Deployment, force: true);

        Assert.Equal(200, code);
        Assert.Equal(2, (int?)forced["spec"]!["replicas"]);
        Assert.Null(Entry(forced, "autoscaler", "Update"));
        Assert.NotNull(Entry(forced, "pipelines", "Apply")!["fieldsV1"]!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public async Task Two_managers_applying_the_same_value_share_the_field_and_neither_removes_it_alone()
    {
        var ns = await fixture.NewNamespace();
        await Apply(ns, "pipelines", Deployment);
        Assert.Equal(200, (await Apply(ns, "team", Deployment)).Code);

        var (_, withoutReplicas) = await Apply(ns, "pipelines", Deployment.Replace("  replicas: 2\n", ""));

        Assert.Equal(2, (int?)withoutReplicas["spec"]!["replicas"]);
        Assert.NotNull(Entry(withoutReplicas, "team", "Apply"));
    }

    [Fact]
    public async Task An_update_is_owned_by_its_field_manager_or_user_agent()
    {
        var ns = await fixture.NewNamespace();
        await Apply(ns, "pipelines", Deployment);

        var (_, patched) = await fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=kubectl-set",
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"shop/web:2"}]}}}}""", "application/strategic-merge-patch+json");

        var set = Entry(patched, "kubectl-set", "Update")!;
        Assert.NotNull(set["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:image"]);
        Assert.Null(Entry(patched, "pipelines", "Apply")!["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!["f:image"]);
    }
}
