using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Api;

internal static class JsonObjectExtensions
{
    /// <summary>Runs <paramref name="change"/> on the object and returns it, for building bodies in one expression.</summary>
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
