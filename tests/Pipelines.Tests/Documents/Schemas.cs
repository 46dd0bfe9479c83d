using System.Text.Json.Nodes;
using Json.Schema;
using Pipelines.Tests.Kubernetes;

namespace Pipelines.Tests.Documents;

/// <summary>Checks a JSON document Pipelines wrote against the published schema its <c>kind</c> names (docs/schemas/&lt;kind&gt;.json).</summary>
internal static class Schemas
{
    // A schema is registered by its $id when first read, and may be read once per process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Loaded = new();

    public static JsonSchema Of(string kind)
    {
        var file = Path.Combine(Folder, kind + ".json");
        return Loaded.GetOrAdd(file, f => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(f)))).Value;
    }

    public static string Folder => Path.Combine(ClusterHarness.RepositoryRoot(), "docs", "schemas");

    /// <summary>Fails naming every place the document breaks its schema; returns the parsed document.</summary>
    public static JsonObject AssertConforms(string json)
    {
        var document = JsonNode.Parse(json)?.AsObject() ?? throw new Xunit.Sdk.XunitException("not a JSON object: " + json);
        var kind = (string?)document["kind"] ?? throw new Xunit.Sdk.XunitException("the document names no kind: " + json[..Math.Min(200, json.Length)]);
        Assert.Equal("pipelines/v1", (string?)document["apiVersion"]);
        var file = Path.Combine(Folder, kind + ".json");
        Assert.True(File.Exists(file), $"no published schema for kind {kind} ({file})");
        var schema = Loaded.GetOrAdd(file, f => new Lazy<JsonSchema>(() => JsonSchema.FromText(File.ReadAllText(f)))).Value;
        using var parsed = System.Text.Json.JsonDocument.Parse(json);
        var result = schema.Evaluate(parsed.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            throw new Xunit.Sdk.XunitException($"the {kind} document breaks docs/schemas/{kind}.json:\n{string.Join("\n", errors)}\n{json}");
        }
        return document;
    }
}
