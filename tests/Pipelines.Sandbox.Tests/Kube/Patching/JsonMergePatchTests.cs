using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Patching;

namespace Pipelines.Sandbox.Tests.Kube.Patching;

public sealed class JsonMergePatchTests
{
    [Fact]
    public void Objects_merge_null_deletes_and_lists_are_replaced_as_rfc_7386_says()
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse("""{"a":{"b":1,"c":2},"l":[1,2],"x":1}"""),
            JsonNode.Parse("""{"a":{"b":null,"d":3},"l":[3],"x":null}"""));
        Assert.Equal("""{"a":{"c":2,"d":3},"l":[3]}""", result!.ToJsonString());
    }
}
