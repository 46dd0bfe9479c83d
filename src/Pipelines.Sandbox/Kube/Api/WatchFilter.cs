using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Selectors;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>
/// Which stored changes a watch reports, and as what: an object that starts to match the selectors is
/// ADDED, one that stops matching is DELETED, as the API server's watch cache does.
/// </summary>
public sealed record WatchFilter(ResourceKind Kind, string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public bool Matches(JsonObject obj) =>
        (Namespace is null || (string?)obj["metadata"]?["namespace"] == Namespace) && Labels.Matches(obj) && Fields.Matches(obj);

    public JsonObject? ToEvent(StoredEvent e)
    {
        if (e.Kind != Kind) return null;
        var now = Matches(e.Object);
        var before = e.Previous is not null && Matches(e.Previous);
        var type = e.Type switch
        {
            StoredEvent.Deleted => before ? StoredEvent.Deleted : null,
            StoredEvent.Added => now ? StoredEvent.Added : null,
            _ => (before, now) switch
            {
                (true, true) => StoredEvent.Modified,
                (false, true) => StoredEvent.Added,
                (true, false) => StoredEvent.Deleted,
                _ => null,
            },
        };
        return type is null ? null : Event(type, e.Object);
    }

    public static JsonObject Event(string type, JsonObject obj) => new() { ["type"] = type, ["object"] = obj.DeepClone() };

    public JsonObject Bookmark(long revision, bool initialEventsEnd = false)
    {
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (initialEventsEnd) meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        return new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = Kind.Kind, ["apiVersion"] = Kind.ApiVersion, ["metadata"] = meta },
        };
    }
}
