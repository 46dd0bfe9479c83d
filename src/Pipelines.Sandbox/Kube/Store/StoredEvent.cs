using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>
/// One change in the store, as a watch reports it: ADDED, MODIFIED or DELETED, the object after the
/// change (for DELETED the last state, carrying the deletion's resourceVersion) and the one before. They are the store's
/// own objects, shared by every watcher and the log: read them, never change them (a watch event copies what it sends).
/// </summary>
public sealed record StoredEvent(string Type, ResourceKind Kind, JsonObject Object, JsonObject? Previous, long ResourceVersion)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
}
