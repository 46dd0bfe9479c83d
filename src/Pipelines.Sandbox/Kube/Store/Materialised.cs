using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>
/// A parsed object whose every object and array has been read once. <see cref="JsonNode.Parse(string, JsonNodeOptions?, System.Text.Json.JsonDocumentOptions)"/>
/// builds them lazily on first access, and that first access is not safe from two threads at once (one can see the object
/// empty); the store's objects and its change events are read by the controllers and every watch at the same time, so they
/// are built in full before anyone else can see them.
/// </summary>
internal static class Materialised
{
    public static JsonObject Of(JsonObject obj)
    {
        Walk(obj);
        return obj;
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) Walk(value);
                break;
            case JsonArray a:
                foreach (var item in a) Walk(item);
                break;
        }
    }
}
