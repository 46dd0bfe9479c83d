using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Documents;

/// <summary>Writes result documents: the one way JSON for scripts is made (<c>--output json</c>, the Watch API, notifications).</summary>
public static class ResultWriter
{
    // Image references and times carry '+' and '@'; the default encoder would write them as \u002B for HTML's sake, which no
    // reader of this JSON needs (the console escapes what it shows).
    private static readonly ResultJsonContext Context = new(new JsonSerializerOptions(ResultJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The options the documents are written with (their schemas are exported from the same).</summary>
    public static JsonSerializerOptions Options => Context.Options;

    public static string Json(ResultDocument document) => JsonSerializer.Serialize(document, Context.GetTypeInfo(document.GetType())!);

    /// <summary>The document as a node, for the API answers that add to it.</summary>
    public static JsonObject Node(ResultDocument document) =>
        JsonSerializer.SerializeToNode(document, Context.GetTypeInfo(document.GetType())!)!.AsObject();
}
