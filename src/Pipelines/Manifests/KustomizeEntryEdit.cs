using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Sets the image an <c>images:</c> entry of a kustomization renders, as kustomize reads it: <c>newName</c> when the
/// repository changes, <c>newTag</c>, and <c>digest</c> (removed when the new image pins none, since kustomize would keep
/// rendering the old digest). Values are replaced in place, missing keys are added to the entry in its own style (block or
/// flow), and a new entry is appended for an image no entry of the environment sets. Every value meant is returned as an
/// <see cref="IntendedValue"/>. Pure: text in, text out.
/// </summary>
internal static class KustomizeEntryEdit
{
    /// <summary>Sets entry <paramref name="index"/> so that it renders <paramref name="image"/>; <paramref name="matched"/> is the
    /// image as rendered before the entry applies (the entry's <c>newName</c> is written only when the repository differs from it).</summary>
    public static (string Text, IReadOnlyList<IntendedValue> Intent) Set(string text, string file, int index, string matched, string image)
    {
        var intent = new List<IntendedValue>();
        var (name, tag, digest) = KustomizeImage.Split(image);
        var entry = Entry(text, file, index);
        var renderedName = (entry["newName"] as YamlScalar) is { IsNull: false } newName ? newName.Value : KustomizeImage.Split(matched).Name;
        if (name != renderedName) text = SetKey(text, file, index, "newName", name, intent);
        text = tag is null ? RemoveKey(text, file, index, "newTag", intent) : SetKey(text, file, index, "newTag", tag, intent);
        text = digest is null ? RemoveKey(text, file, index, "digest", intent) : SetKey(text, file, index, "digest", digest, intent);
        return (text, intent);
    }

    /// <summary>Appends an entry named <paramref name="name"/> rendering <paramref name="image"/> to the kustomization's <c>images:</c>
    /// (adding the key when it has none), in the style of the entries already there.</summary>
    public static (string Text, IReadOnlyList<IntendedValue> Intent) Add(string text, string file, string name, string image)
    {
        var root = Root(text, file);
        var (imageName, tag, digest) = KustomizeImage.Split(image);
        var fields = new List<(string Key, string Value)> { ("name", name) };
        if (imageName != name) fields.Add(("newName", imageName));
        if (tag is not null) fields.Add(("newTag", tag));
        if (digest is not null) fields.Add(("digest", digest));
        var newline = NewlineOf(text);
        string Flow() => "{" + string.Join(", ", fields.Select(f => $"{f.Key}: {Format(f.Value)}")) + "}";
        string Block() => "- " + string.Join(newline + "  ", fields.Select(f => $"{f.Key}: {Format(f.Value)}")) + newline;
        string result;
        int index;
        switch (root?["images"])
        {
            case YamlSequence { Flow: true } list:
                index = list.Items.Count;
                result = text.Insert(AnnotationEdit.ClosingBracket(text, list), (list.Items.Count > 0 ? ", " : "") + Flow());
                break;
            case YamlSequence list:
            {
                // After the last entry, dash and keys at the columns the entries already use.
                index = list.Items.Count;
                var last = list.Items[^1];
                var dash = text.LastIndexOf('-', last.Start);
                var dashColumn = dash - LineStart(text, dash);
                var itemColumn = last.Start - LineStart(text, last.Start);
                var at = LineEnd(text, LastValueEnd(last));
                var inner = newline + new string(' ', itemColumn);
                var item = new string(' ', dashColumn) + "-" + new string(' ', Math.Max(1, itemColumn - dashColumn - 1)) +
                    string.Join(inner, fields.Select(f => $"{f.Key}: {Format(f.Value)}")) + newline;
                result = text.Insert(at, (at > 0 && text[at - 1] != '\n' ? newline : "") + item);
                break;
            }
            case YamlScalar { IsNull: true } empty when empty.End > empty.Start:
                // "images: ~" or "images: null": a flow list in its place.
                index = 0;
                result = text.Remove(empty.Start, empty.End - empty.Start).Insert(empty.Start, "[" + Flow() + "]");
                break;
            case YamlScalar { IsNull: true }:
            {
                // "images:" holding nothing: the entry on the lines below it.
                index = 0;
                var at = LineEnd(text, root!.KeyOf("images")!.End);
                result = text.Insert(at, (at > 0 && text[at - 1] != '\n' ? newline : "") + Block());
                break;
            }
            case null:
                index = 0;
                result = text + (text.Length > 0 && !text.EndsWith('\n') ? newline : "") + "images:" + newline + Block();
                break;
            case var other:
                throw new ManifestException(file, other.Line, other.Column, "images: must be a list of entries; fix it by hand.");
        }
        var intent = fields.Select(f => new IntendedValue(0, YamlPath.Root.Then("images", index, f.Key), f.Value)).ToList();
        return (result, intent);
    }

    private static string SetKey(string text, string file, int index, string key, string value, List<IntendedValue> intent)
    {
        var entry = Entry(text, file, index);
        intent.Add(new IntendedValue(0, YamlPath.Root.Then("images", index, key), value));
        if (entry[key] is YamlScalar scalar) return scalar.Value == value && !scalar.IsNull ? text : TextEdit.Apply(text, [ImageEdit.Replace(scalar, value)]);
        if (entry[key] is { } other) throw new ManifestException(file, other.Line, other.Column, $"images[{index}].{key} is not a plain value; fix it by hand.");
        var nameValue = entry["name"]!;
        if (entry.Flow) return text.Insert(nameValue.End, $", {key}: {Format(value)}");
        // Below the entry's name line, at its keys' indentation, so that a comment after the name stays on its line.
        var nameKey = entry.KeyOf("name")!;
        var at = LineEnd(text, nameValue.End);
        return text.Insert(at, (at > 0 && text[at - 1] != '\n' ? NewlineOf(text) : "") + new string(' ', nameKey.Start - LineStart(text, nameKey.Start)) +
            $"{key}: {Format(value)}" + NewlineOf(text));
    }

    private static string RemoveKey(string text, string file, int index, string key, List<IntendedValue> intent)
    {
        var entry = Entry(text, file, index);
        if (entry.KeyOf(key) is not { } keyNode) return text;
        intent.Add(new IntendedValue(0, YamlPath.Root.Then("images", index, key), null));
        var value = entry[key]!;
        if (entry.Flow)
        {
            // "a: 1, b: 2": the entry with the separator before it, or after it when it comes first.
            var position = entry.Entries.ToList().FindIndex(e => e.Key == keyNode);
            var start = position == 0 ? keyNode.Start : text.LastIndexOf(',', keyNode.Start);
            var end = position == 0 && entry.Entries.Count > 1 ? entry.Entries[1].Key!.Start : value.End;
            return text.Remove(start, end - start);
        }
        var lineStart = LineStart(text, keyNode.Start);
        return text.Remove(lineStart, LineEnd(text, Math.Max(value.End, keyNode.End)) - lineStart);
    }

    // Where a node's last value ends: a block collection's own end mark lies at the next token, possibly lines further on.
    private static int LastValueEnd(YamlNode node) => node switch
    {
        YamlMapping { Flow: false, Entries.Count: > 0 } m => LastValueEnd(m.Entries[^1].Value),
        YamlSequence { Flow: false, Items.Count: > 0 } q => LastValueEnd(q.Items[^1]),
        _ => node.End,
    };

    private static YamlMapping? Root(string text, string file) => YamlDocuments.Parse(text, file).FirstOrDefault() as YamlMapping;

    private static YamlMapping Entry(string text, string file, int index) =>
        (Root(text, file)?["images"] as YamlSequence)?.Items.ElementAtOrDefault(index) as YamlMapping
        ?? throw new ManifestException(file, 0, 0, $"has no images[{index}] any more; the kustomization changed while releasing. Run again.");

    private static string Format(string value) => ScalarText.Format(value, YamlDotNet.Core.ScalarStyle.Plain);

    private static int LineStart(string text, int index) => text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;

    // The index just past the end of the line holding index (after its newline), or the text's end.
    private static int LineEnd(string text, int index)
    {
        var newline = text.IndexOf('\n', Math.Max(0, Math.Min(index, text.Length)));
        return newline < 0 ? text.Length : newline + 1;
    }

    private static string NewlineOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
}
