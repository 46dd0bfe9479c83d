using Pipelines.Yaml;


namespace Pipelines.Manifests;

/// <summary>
/// The check before every push: each file a change touched still parses, repeats no key, holds the same documents,
/// and differs from its parent only in the values the change meant to set. It compares parsed trees — the parent's
/// with the intended values applied, and the new one — so it knows nothing of how the text was edited, and catches
/// what an editor bug would otherwise push (a second <c>annotations:</c> key, a value written into the wrong place).
/// A failure is a bug report: the push is refused and nothing lands. Pure: texts in, problems out.
/// </summary>
internal static class ChangeCheck
{
    /// <summary>What is wrong with the edits on top of <paramref name="readParent"/>'s files; empty when every edit is exactly what it meant.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<FileEdit> edits, Func<string, string?> readParent) =>
        edits.Select(edit => Problem(edit.Path, readParent(edit.Path), edit.NewContent, edit.Intent)).OfType<string>().ToList();

    /// <summary>Null when <paramref name="after"/> is <paramref name="before"/> with exactly the intended values set; else the first difference, with file and line.</summary>
    public static string? Problem(string path, string? before, string? after, IReadOnlyList<IntendedValue> intent)
    {
        if (before is null) return $"{path}: the change creates this file, but it only meant to edit values.";
        if (after is null) return $"{path}: the change deletes this file, but it only meant to edit values.";
        IReadOnlyList<YamlNode?> old, edited;
        try
        {
            old = YamlDocuments.Parse(before, path);
        }
        catch (ManifestException)
        {
            // A file that did not parse before cannot have been edited by path; the edit would have failed first.
            return $"{path}: did not parse before the change, so no value in it can have been edited safely.";
        }
        try
        {
            edited = YamlDocuments.Parse(after, path);
        }
        catch (ManifestException e)
        {
            return $"{e.Message} (after the change; before it, the file was valid)";
        }
        if (old.Count != edited.Count) return $"{path}: holds {edited.Count} document(s) after the change, {old.Count} before.";
        foreach (var stray in intent.Where(i => i.Document < 0 || i.Document >= old.Count))
        {
            return $"{path}: the change meant to set {stray.Path} in document {stray.Document + 1}, which the file does not have.";
        }
        for (var document = 0; document < old.Count; document++)
        {
            var expected = Tree.From(old[document]);
            foreach (var value in intent.Where(i => i.Document == document)) expected = Tree.Apply(expected, value.Path.Segments, 0, value.Value);
            if (Tree.FirstDifference(expected, edited[document], YamlPath.Root) is { } difference)
            {
                return $"{path}:{difference.Line}: {difference.Path} {difference.What}" +
                    (old.Count > 1 ? $" (document {document + 1})" : "") + "; the change did not mean to change it.";
            }
        }
        return null;
    }

    private sealed record Difference(YamlPath Path, int Line, string What);

    /// <summary>A parsed document as values to compare: what the parent held, with the intended values applied on top.</summary>
    private abstract record Tree
    {
        public sealed record Map(IReadOnlyDictionary<string, Tree> Entries, bool EmptiedByIntent = false) : Tree;

        public sealed record List(IReadOnlyList<Tree> Items) : Tree;

        /// <summary>A value as the file had it: its text, and whether it was plain (typed by YAML) or quoted.</summary>
        public sealed record Scalar(string Value, bool Plain, string? Tag) : Tree;

        /// <summary>A value an edit set: any quoting of the same text is right.</summary>
        public sealed record Intended(string Value) : Tree;

        public sealed record Alias(string Anchor) : Tree;

        public sealed record Null : Tree;

        public static Tree From(YamlNode? node) => node switch
        {
            null => new Null(),
            YamlScalar { IsNull: true } => new Null(),
            YamlScalar s => new Scalar(s.Value, s.Style == YamlDotNet.Core.ScalarStyle.Plain, s.Tag),
            YamlMapping m => new Map(m.Entries.Select((e, i) => (Key: e.Key?.Value ?? $"?{i}", Value: From(e.Value))).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal)),
            YamlSequence q => new List(q.Items.Select(From).ToList()),
            YamlAlias a => new Alias(a.Anchor),
            _ => new Null(),
        };

        /// <summary>The tree with the value at <paramref name="path"/> set (missing mappings on the way are created, as an edit
        /// that adds an <c>annotations:</c> key does) or removed; a mapping a removal empties may be written as absent or empty.</summary>
        public static Tree Apply(Tree tree, IReadOnlyList<object> path, int at, string? value)
        {
            if (at == path.Count) return value is null ? new Null() : new Intended(value);
            switch (path[at], tree)
            {
                case (string key, Map map):
                {
                    var entries = new Dictionary<string, Tree>(map.Entries, StringComparer.Ordinal);
                    if (value is null && at == path.Count - 1)
                    {
                        entries.Remove(key);
                        return new Map(entries, EmptiedByIntent: entries.Count == 0);
                    }
                    entries[key] = Apply(entries.GetValueOrDefault(key) ?? new Null(), path, at + 1, value);
                    return new Map(entries);
                }
                case (string key, Null):
                    return value is null ? tree : new Map(new Dictionary<string, Tree> { [key] = Apply(new Null(), path, at + 1, value) });
                case (int index, List list) when index >= 0 && index < list.Items.Count:
                    return new List(list.Items.Select((item, i) => i == index ? Apply(item, path, at + 1, value) : item).ToList());
                case (int index, List list) when index == list.Items.Count && value is not null:
                    // An item appended (a new kustomize images: entry); its other values follow at the same index.
                    return new List([.. list.Items, Apply(new Null(), path, at + 1, value)]);
                case (0, Null) when value is not null:
                    // A list created for its first item (an images: key the kustomization did not have).
                    return new List([Apply(new Null(), path, at + 1, value)]);
                default:
                    // The edit meant a place the document does not have; the comparison then reports the difference.
                    return tree;
            }
        }

        public static Difference? FirstDifference(Tree expected, YamlNode? actual, YamlPath path)
        {
            var line = actual?.Line ?? 0;
            switch (expected)
            {
                case Intended intended:
                    return actual is YamlScalar { IsNull: false } s && s.Value == intended.Value ? null
                        : new Difference(path, line, $"is {Describe(actual)}, but the change meant to set \"{intended.Value}\"");
                case Null:
                    return actual is null or YamlScalar { IsNull: true } ? null : new Difference(path, line, $"became {Describe(actual)}");
                case Scalar scalar:
                    return actual is YamlScalar { IsNull: false } a && a.Value == scalar.Value && (a.Style == YamlDotNet.Core.ScalarStyle.Plain) == scalar.Plain && a.Tag == scalar.Tag
                        ? null : new Difference(path, line, $"changed from \"{scalar.Value}\" to {Describe(actual)}");
                case Alias alias:
                    return actual is YamlAlias b && b.Anchor == alias.Anchor ? null : new Difference(path, line, $"changed from *{alias.Anchor} to {Describe(actual)}");
                case List list:
                {
                    if (actual is not YamlSequence sequence) return new Difference(path, line, $"changed from a list to {Describe(actual)}");
                    if (sequence.Items.Count != list.Items.Count) return new Difference(path, line, $"has {sequence.Items.Count} items, {list.Items.Count} before");
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        if (FirstDifference(list.Items[i], sequence.Items[i], path.Then(i)) is { } difference) return difference;
                    }
                    return null;
                }
                case Map map:
                {
                    if (map.EmptiedByIntent && actual is null or YamlScalar { IsNull: true } or YamlMapping { Entries.Count: 0 }) return null;
                    if (actual is not YamlMapping mapping) return new Difference(path, line, $"changed from a mapping to {Describe(actual)}");
                    var keys = mapping.Entries.Select((e, i) => e.Key?.Value ?? $"?{i}").ToList();
                    foreach (var (key, value) in map.Entries)
                    {
                        var index = keys.IndexOf(key);
                        if (index < 0)
                        {
                            if (value is Map { EmptiedByIntent: true }) continue;
                            return new Difference(path.Then(key), line, "is gone");
                        }
                        if (FirstDifference(value, mapping.Entries[index].Value, path.Then(key)) is { } difference) return difference;
                    }
                    var added = keys.Select((key, i) => (key, i)).FirstOrDefault(k => !map.Entries.ContainsKey(k.key));
                    return added.key is null ? null : new Difference(path.Then(added.key), mapping.Entries[added.i].Key?.Line ?? line, "was added");
                }
                default:
                    return null;
            }
        }

        private static string Describe(YamlNode? node) => node switch
        {
            null or YamlScalar { IsNull: true } => "empty",
            YamlScalar s => $"\"{s.Value}\"",
            YamlMapping => "a mapping",
            YamlSequence => "a list",
            YamlAlias a => $"*{a.Anchor}",
            _ => "something else",
        };
    }
}
