namespace Pipelines.Yaml;

/// <summary>
/// Where a value sits in one YAML document: mapping keys and sequence indexes from the document's root, e.g.
/// <c>spec.template.spec.containers[1].image</c>. Edits say by path which values they mean to set, so that the
/// check before a push can compare the parsed trees without knowing how the text was edited.
/// </summary>
public sealed record YamlPath(IReadOnlyList<object> Segments)
{
    public static YamlPath Root { get; } = new([]);

    public YamlPath Then(params object[] segments) => new([.. Segments, .. segments]);

    public bool Equals(YamlPath? other) => other is not null && Segments.SequenceEqual(other.Segments);

    public override int GetHashCode() => Segments.Aggregate(0, (hash, segment) => HashCode.Combine(hash, segment));

    public override string ToString() =>
        Segments.Count == 0 ? "(the document)" : string.Concat(Segments.Select((s, i) => s is int index ? $"[{index}]" : (i == 0 ? "" : ".") + s));
}
