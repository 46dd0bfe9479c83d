using System.Text.Json.Serialization;

namespace Pipelines.Documents;

/// <summary>
/// A JSON document Pipelines writes for scripts: <c>--output json</c>, the Watch API and notifications. Each starts with
/// <c>apiVersion</c> and <c>kind</c>, as Kubernetes objects do, so a reader can tell what it holds and which version of its
/// shape; docs/schemas/&lt;kind&gt;.json describes each (written by <c>./build.sh Schemas</c>, checked by tests).
/// </summary>
public abstract record ResultDocument
{
    /// <summary>The shapes' version: a field removed or renamed, or a meaning changed, makes a new one; a field added does not.</summary>
    public const string Version = "pipelines/v1";

    [JsonPropertyOrder(-2)]
    public string ApiVersion => Version;

    [JsonPropertyOrder(-1)]
    public abstract string Kind { get; }
}

/// <summary>A document listing things of one kind, as a Kubernetes list: its rows under <c>items</c>.</summary>
public abstract record ResultList<T>(IReadOnlyList<T> Items) : ResultDocument;
