using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Store;

/// <summary>What a decision made from the current object asks the store to do.</summary>
public abstract record StoreWrite
{
    private StoreWrite() { }

    /// <summary>Store this object (created when there was none, replaced otherwise).</summary>
    public sealed record Put(JsonObject Object) : StoreWrite;

    /// <summary>Remove the object.</summary>
    public sealed record Remove : StoreWrite;

    /// <summary>Change nothing (a refused request, or a dry run).</summary>
    public sealed record None : StoreWrite;
}
