using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Patching;

namespace Pipelines.Sandbox.Tests.Kube.Patching;

public sealed class StrategicMergePatchTests
{
    private static readonly SchemaNode Deployment = KindCatalog.Default.Deployments.Schema;

    private static JsonObject Pod(string containers) =>
        JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":""" + containers + "}}}}")!.AsObject();

    private static string Containers(JsonObject o) => o["spec"]!["template"]!["spec"]!["containers"]!.ToJsonString();

    private static JsonObject Apply(JsonObject original, string patch) =>
        StrategicMergePatch.Apply(original, JsonNode.Parse(patch), Deployment);

    [Fact]
    public void Containers_merge_by_name_keeping_the_fields_the_patch_does_not_name()
    {
        var original = Pod("""[{"name":"web","image":"web:1","ports":[{"containerPort":80}]},{"name":"log","image":"log:1"}]""");
        var patched = Apply(original, """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:2"}]}}}}""");
        Assert.Equal("""[{"name":"web","image":"web:2","ports":[{"containerPort":80}]},{"name":"log","image":"log:1"}]""", Containers(patched));
    }

    [Fact]
    public void Ports_merge_by_container_port_and_new_elements_are_appended()
    {
        var original = Pod("""[{"name":"web","ports":[{"containerPort":80,"name":"http"}]}]""");
        var patched = Apply(original, """{"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":80,"name":"web"},{"containerPort":9090}]}]}}}}""");
        Assert.Equal("""[{"name":"web","ports":[{"containerPort":80,"name":"web"},{"containerPort":9090}]}]""", Containers(patched));
    }

    [Fact]
    public void Patch_delete_removes_the_element_with_that_key()
    {
        var original = Pod("""[{"name":"web"},{"name":"log"}]""");
        var patched = Apply(original, """{"spec":{"template":{"spec":{"containers":[{"name":"log","$patch":"delete"}]}}}}""");
        Assert.Equal("""[{"name":"web"}]""", Containers(patched));
    }

    [Fact]
    public void Patch_replace_in_a_list_replaces_the_whole_list()
    {
        var original = Pod("""[{"name":"web"},{"name":"log"}]""");
        var patched = Apply(original, """{"spec":{"template":{"spec":{"containers":[{"name":"new"},{"$patch":"replace"}]}}}}""");
        Assert.Equal("""[{"name":"new"}]""", Containers(patched));
    }

    [Fact]
    public void Patch_replace_on_a_map_replaces_the_map()
    {
        var original = JsonNode.Parse("""{"metadata":{"labels":{"a":"1","b":"2"}}}""")!.AsObject();
        var patched = Apply(original, """{"metadata":{"labels":{"c":"3","$patch":"replace"}}}""");
        Assert.Equal("""{"c":"3"}""", patched["metadata"]!["labels"]!.ToJsonString());
    }

    [Fact]
    public void Set_element_order_orders_the_merged_list()
    {
        var original = Pod("""[{"name":"a"},{"name":"b"}]""");
        var patched = Apply(original, """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"name":"a","image":"a:2"}]}}}}""");
        Assert.Equal("""[{"name":"b"},{"name":"a","image":"a:2"}]""", Containers(patched));
    }

    [Fact]
    public void Retain_keys_clears_the_fields_it_does_not_list_as_a_strategy_change_needs()
    {
        var original = JsonNode.Parse("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}}}}""")!.AsObject();
        var patched = Apply(original, """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");
        Assert.Equal("""{"type":"Recreate"}""", patched["spec"]!["strategy"]!.ToJsonString());
    }

    [Fact]
    public void Null_deletes_a_field_and_lists_without_a_merge_key_are_replaced()
    {
        var original = Pod("""[{"name":"web","args":["a","b"],"workingDir":"/app"}]""");
        var patched = Apply(original, """{"spec":{"template":{"spec":{"containers":[{"name":"web","args":["c"],"workingDir":null}]}}}}""");
        Assert.Equal("""[{"name":"web","args":["c"]}]""", Containers(patched));
    }

    [Fact]
    public void Primitive_lists_with_merge_strategy_are_unions_and_accept_deletions()
    {
        var original = JsonNode.Parse("""{"metadata":{"finalizers":["a","b"]}}""")!.AsObject();
        var patched = Apply(original, """{"metadata":{"finalizers":["c"],"$deleteFromPrimitiveList/finalizers":["a"]}}""");
        Assert.Equal("""["b","c"]""", patched["metadata"]!["finalizers"]!.ToJsonString());
    }

    [Fact]
    public void An_element_without_its_merge_key_is_an_error()
    {
        var original = Pod("""[{"name":"web"}]""");
        var error = Assert.Throws<PatchError>(() => Apply(original, """{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"""));
        Assert.Contains("does not contain declared merge key: name", error.Message);
    }
}
