using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Patching;

namespace Pipelines.Sandbox.Tests.Kube.Patching;

public sealed class ServerSideApplyTests
{
    private static readonly SchemaNode Deployment = KindCatalog.Default.Deployments.Schema;

    private static JsonObject Apply(JsonObject? live, string applied, string manager = "pipelines") =>
        ServerSideApply.Apply(live, (JsonObject)YamlDocument.Parse(applied)!, Deployment, manager, "apps/v1", "2026-01-01T00:00:00Z");

    [Fact]
    public void Applied_fields_merge_into_the_live_object_and_keyed_lists_merge_by_their_keys()
    {
        var live = JsonNode.Parse("""
            {"metadata":{"name":"web"},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"web","image":"web:1","imagePullPolicy":"IfNotPresent"}]}}}}
            """)!.AsObject();
        var result = Apply(live, """
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: web
                    image: web:2
            """);
        Assert.Equal(3, (int)result["spec"]!["replicas"]!);
        var container = result["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("web:2", (string?)container["image"]);
        Assert.Equal("IfNotPresent", (string?)container["imagePullPolicy"]);
    }

    [Fact]
    public void Fields_the_same_manager_applied_before_and_no_longer_names_are_removed()
    {
        var first = Apply(null, """
            metadata: {name: web, labels: {app: web, tier: front}}
            spec:
              template:
                spec:
                  containers:
                  - {name: web, image: "web:1", env: [{name: A, value: "1"}, {name: B, value: "2"}]}
            """);
        var second = Apply(first, """
            metadata: {name: web, labels: {app: web}}
            spec:
              template:
                spec:
                  containers:
                  - {name: web, image: "web:1", env: [{name: A, value: "1"}]}
            """);
        Assert.Equal("""{"app":"web"}""", second["metadata"]!["labels"]!.ToJsonString());
        Assert.Single(second["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray());
    }

    [Fact]
    public void Port_keys_default_the_protocol_so_a_defaulted_live_port_is_the_same_element()
    {
        var live = JsonNode.Parse("""
            {"metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}
            """)!.AsObject();
        var result = Apply(live, """
            metadata: {name: web}
            spec: {template: {spec: {containers: [{name: web, ports: [{containerPort: 80, name: http}]}]}}}
            """);
        Assert.Equal("""[{"containerPort":80,"protocol":"TCP","name":"http"}]""",
            result["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]!.ToJsonString());
    }

    [Fact]
    public void The_apply_is_recorded_in_managed_fields_for_the_manager()
    {
        var result = Apply(null, "metadata: {name: web}\nspec: {replicas: 2}", manager: "pipelines");
        var entry = result["metadata"]!["managedFields"]![0]!;
        Assert.Equal("pipelines", (string?)entry["manager"]);
        Assert.Equal("Apply", (string?)entry["operation"]);
        Assert.NotNull(entry["fieldsV1"]!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public void Yaml_scalars_follow_the_core_schema()
    {
        var doc = YamlDocument.Parse("a: 1\nb: \"1\"\nc: true\nd: ~\ne: 1.5\nf: web:1\n")!;
        Assert.Equal("""{"a":1,"b":"1","c":true,"d":null,"e":1.5,"f":"web:1"}""", doc.ToJsonString());
    }
}
