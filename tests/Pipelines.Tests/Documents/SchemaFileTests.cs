using System.Text.Json.Nodes;
using Json.Schema;
using Pipelines.Documents;

namespace Pipelines.Tests.Documents;

/// <summary>The published schemas are what the code writes: a record changed without <c>./build.sh Schemas</c> fails here.</summary>
public sealed class SchemaFileTests
{
    public static TheoryData<string> Kinds => new(ResultSchemas.Kinds.Select(ResultSchemas.KindOf));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_published_schema_is_the_one_the_records_give(string kind)
    {
        var type = ResultSchemas.Kinds.Single(t => ResultSchemas.KindOf(t) == kind);
        var file = Path.Combine(Schemas.Folder, ResultSchemas.FileName(type));

        Assert.True(File.Exists(file), $"docs/schemas/{kind}.json is missing: run ./build.sh Schemas");
        Assert.True(File.ReadAllText(file) == ResultSchemas.Text(type), $"docs/schemas/{kind}.json is out of date: run ./build.sh Schemas and commit it");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_schema_pins_its_version_and_kind_and_refuses_another(string kind)
    {
        var schema = Schemas.Of(kind);
        var other = new JsonObject { ["apiVersion"] = "pipelines/v2", ["kind"] = kind };

        Assert.False(schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(other)).IsValid);
        Assert.False(schema.Evaluate(System.Text.Json.JsonSerializer.SerializeToElement(new JsonObject { ["apiVersion"] = "pipelines/v1", ["kind"] = kind + "X" })).IsValid);
    }

    [Fact]
    public void Every_kind_has_its_own_name()
    {
        var kinds = ResultSchemas.Kinds.Select(ResultSchemas.KindOf).ToList();
        Assert.Equal(kinds.Count, kinds.Distinct().Count());
    }

    [Fact]
    public void The_actions_a_document_may_name_are_the_release_actions()
    {
        var listed = new OneOfAttribute(OneOfAttribute.Lists.ReleaseActions).Values;
        Assert.Equal(Enum.GetNames<Pipelines.Releases.ReleaseAction>().Select(n => n.ToLowerInvariant()), listed);
    }
}
