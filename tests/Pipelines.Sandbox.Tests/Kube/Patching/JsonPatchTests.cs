using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Patching;

namespace Pipelines.Sandbox.Tests.Kube.Patching;

public sealed class JsonPatchTests
{
    private static string Apply(string document, string patch) =>
        JsonPatch.Apply(JsonNode.Parse(document)!, JsonNode.Parse(patch)).ToJsonString();

    [Fact]
    public void Add_replace_remove_move_and_copy_follow_rfc_6902()
    {
        Assert.Equal("""{"a":[1,2,3]}""", Apply("""{"a":[1,3]}""", """[{"op":"add","path":"/a/1","value":2}]"""));
        Assert.Equal("""{"a":[1,3,4]}""", Apply("""{"a":[1,3]}""", """[{"op":"add","path":"/a/-","value":4}]"""));
        Assert.Equal("""{"a":"x"}""", Apply("""{"a":1}""", """[{"op":"replace","path":"/a","value":"x"}]"""));
        Assert.Equal("""{}""", Apply("""{"a":1}""", """[{"op":"remove","path":"/a"}]"""));
        Assert.Equal("""{"b":1}""", Apply("""{"a":1}""", """[{"op":"move","from":"/a","path":"/b"}]"""));
        Assert.Equal("""{"a":1,"b":1}""", Apply("""{"a":1}""", """[{"op":"copy","from":"/a","path":"/b"}]"""));
        Assert.Equal("""{"a/b":2}""", Apply("""{"a/b":1}""", """[{"op":"replace","path":"/a~1b","value":2}]"""));
    }

    [Fact]
    public void A_failed_test_or_a_missing_path_is_an_invalid_patch()
    {
        Assert.True(Assert.Throws<PatchError>(() => Apply("""{"a":1}""", """[{"op":"test","path":"/a","value":2}]""")).Invalid);
        Assert.True(Assert.Throws<PatchError>(() => Apply("""{"a":1}""", """[{"op":"remove","path":"/b"}]""")).Invalid);
    }
}
