using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Sets, changes or removes one <c>metadata.annotations</c> key of a workload, touching only the characters
/// of that entry. When the workload has no annotations, an <c>annotations:</c> mapping is added in the
/// file's own indentation (or in flow style inside a flow <c>metadata: {…}</c>); an <c>annotations:</c> holding
/// nothing is filled, and removing the last entry of a block mapping removes the key, so that no sequence of
/// sets and removes can write the key twice. Pure: text in, text out.
/// </summary>
internal static class AnnotationEdit
{
    /// <param name="value">The new value; null removes the key.</param>
    public static string Set(string text, string file, string workloadId, string key, string? value, string defaultNamespace)
    {
        var workload = WorkloadReader.Read(file, text, defaultNamespace).FirstOrDefault(w => w.Id == workloadId)
            ?? throw new ManifestException(file, 0, 0, $"workload {workloadId} is no longer in this file.");
        return Set(text, file, workload.Manifest, workloadId, key, value);
    }

    /// <summary>Sets an annotation of the object at <paramref name="path"/> of document <paramref name="document"/>: how an object is
    /// found again when its id is not what the file says (kustomize names it), or it is not a workload kind (a HelmRelease).</summary>
    public static string SetAt(string text, string file, int document, YamlPath path, string display, string key, string? value)
    {
        var manifest = ImageFieldsEdit.Find(YamlDocuments.Parse(text, file).ElementAtOrDefault(document), path) as YamlMapping
            ?? throw new ManifestException(file, 0, 0, $"{display} is no longer in this file (document {document + 1}, {path}).");
        return Set(text, file, manifest, display, key, value);
    }

    private static string Set(string text, string file, YamlMapping manifest, string workloadId, string key, string? value)
    {
        var metadata = manifest["metadata"] as YamlMapping
            ?? throw new ManifestException(file, manifest.Line, manifest.Column, $"{workloadId} has no metadata: mapping to hold annotations.");
        var entry = value is null ? null : $"{key}: {ScalarText.Format(value, YamlDotNet.Core.ScalarStyle.DoubleQuoted)}";

        switch (metadata["annotations"])
        {
            case YamlMapping annotations:
                var existing = annotations.Entries.FirstOrDefault(e => e.Key?.Value == key);
                if (existing.Key is not null)
                {
                    if (value is null)
                    {
                        // The last entry of a block mapping takes its "annotations:" key with it: an empty block mapping cannot
                        // be written, and a key left holding nothing (null) must not be added again beside itself.
                        return annotations.Entries.Count == 1 && !annotations.Flow
                            ? RemoveLines(text, metadata.KeyOf("annotations")!.Start, existing.Value.End)
                            : RemoveEntry(text, annotations, existing.Key, existing.Value);
                    }
                    var scalar = existing.Value as YamlScalar
                        ?? throw new ManifestException(file, existing.Value.Line, existing.Value.Column, $"annotation {key} is not a plain value; edit it by hand.");
                    return scalar.Value == value ? text : TextEdit.Apply(text, [ImageEdit.Replace(scalar, value)]);
                }
                if (entry is null) return text;
                return annotations.Flow || annotations.Entries.Count == 0 ? InsertIntoFlow(text, annotations, entry) : InsertBlockEntry(text, annotations, entry);
            case YamlScalar { IsNull: true } empty:
                return entry is null ? text : FillEmpty(text, metadata, metadata.KeyOf("annotations")!, empty, entry);
            case null:
                if (entry is null) return text;
                if (metadata.Flow) return InsertIntoFlow(text, metadata, $"annotations: {{{entry}}}");
                // A block "annotations:" as metadata's first key, indented as metadata's own keys are.
                var first = metadata.Entries[0].Key!;
                var indent = new string(' ', ColumnOf(text, first.Start));
                var newline = NewlineOf(text);
                return text.Insert(first.Start, $"annotations:{newline}{indent}  {entry}{newline}{indent}");
            case var other:
                throw new ManifestException(file, other.Line, other.Column, $"metadata.annotations of {workloadId} is not a mapping; annotations are key: value pairs. Fix it by hand.");
        }
    }

    // "annotations:" holding nothing (or ~, null) is reused, never repeated: a second "annotations:" key is invalid YAML.
    private static string FillEmpty(string text, YamlMapping metadata, YamlScalar key, YamlScalar empty, string entry)
    {
        if (empty.End > empty.Start) return text.Remove(empty.Start, empty.End - empty.Start).Insert(empty.Start, $"{{{entry}}}");
        var colon = text.IndexOf(':', key.End);
        if (metadata.Flow) return text.Insert(colon + 1, $" {{{entry}}}");
        // Below the key's line, so that a comment after "annotations:" stays where it is.
        var lineEnd = text.IndexOf('\n', colon);
        if (lineEnd < 0) lineEnd = text.Length;
        else if (lineEnd > 0 && text[lineEnd - 1] == '\r') lineEnd--;
        return text.Insert(lineEnd, $"{NewlineOf(text)}{new string(' ', ColumnOf(text, key.Start) + 2)}{entry}");
    }

    private static string InsertIntoFlow(string text, YamlMapping mapping, string entry)
    {
        // Before the closing brace; with a separator when the mapping has entries.
        var close = ClosingBracket(text, mapping);
        var separator = mapping.Entries.Count > 0 ? ", " : "";
        return text.Insert(close, separator + entry);
    }

    // Before the first annotation, at its indentation: no need to find where a block collection ends.
    // The index of a flow collection's closing bracket, stepping over nested flow collections.
    internal static int ClosingBracket(string text, YamlNode node)
    {
        var (close, children) = node switch
        {
            YamlMapping m => ('}', m.Entries.Select(e => e.Value).ToList()),
            YamlSequence q => (']', q.Items.ToList()),
            _ => throw new ArgumentException("not a collection", nameof(node)),
        };
        var from = children.Count == 0 ? node.Start : children[^1] is YamlMapping { Flow: true } or YamlSequence { Flow: true }
            ? ClosingBracket(text, children[^1]) + 1
            : children[^1].End;
        return text.IndexOf(close, from);
    }

    private static string InsertBlockEntry(string text, YamlMapping annotations, string entry)
    {
        var first = annotations.Entries[0].Key!;
        return text.Insert(first.Start, $"{entry}{NewlineOf(text)}{new string(' ', ColumnOf(text, first.Start))}");
    }

    private static string NewlineOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private static string RemoveEntry(string text, YamlMapping annotations, YamlScalar key, YamlNode value)
    {
        if (annotations.Flow)
        {
            // "a: 1, b: 2" — remove "b: 2" with the separator before it (or after it, for the first entry).
            var index = annotations.Entries.ToList().FindIndex(e => e.Key == key);
            var start = index == 0 ? key.Start : text.LastIndexOf(',', key.Start);
            var end = index == 0 && annotations.Entries.Count > 1 ? annotations.Entries[1].Key!.Start : value.End;
            return text.Remove(start, end - start);
        }
        return RemoveLines(text, key.Start, value.End);
    }

    // Block: remove the whole lines from the one holding start to the one holding end, comments after it on its line included.
    private static string RemoveLines(string text, int start, int end)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        var lineEnd = text.IndexOf('\n', Math.Max(end - 1, start));
        lineEnd = lineEnd < 0 ? text.Length : lineEnd + 1;
        return text.Remove(lineStart, lineEnd - lineStart);
    }

    private static int ColumnOf(string text, int index) => index - (text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1);
}
