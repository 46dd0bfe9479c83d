namespace Pipelines.Manifests;

/// <summary>
/// An image pointer in a <c>kustomization.yaml</c> (<c>images: [{name, newName, newTag, digest}]</c>): for
/// environments rendered by kustomize, the release changes the pointer, not the manifest.
/// </summary>
public sealed record KustomizeImage(string File, string Name, string? NewName, string? NewTag, string? Digest, int Line)
{
    public static readonly string[] FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    public static bool IsKustomization(string path) => FileNames.Contains(System.IO.Path.GetFileName(path));

    /// <summary>The image it resolves to, as kustomize writes it into the manifests.</summary>
    public string Image => (NewName ?? Name) + (NewTag is null ? "" : ":" + NewTag) + (Digest is null ? "" : "@" + Digest);

    public static IReadOnlyList<KustomizeImage> Read(string file, string text) =>
        Entries(file, text).Select(e => new KustomizeImage(file, e.Name, Text(e.Item, "newName"), Text(e.Item, "newTag"),
            Text(e.Item, "digest") ?? Text(e.Item, "newDigest"), e.Item.Line)).ToList();

    internal static IEnumerable<(string Name, YamlMapping Item)> Entries(string file, string text)
    {
        var root = YamlDocuments.Parse(text, file).FirstOrDefault() as YamlMapping;
        if (root?["images"] is not YamlSequence images) yield break;
        foreach (var item in images.Items.OfType<YamlMapping>())
        {
            if (item["name"] is YamlScalar name) yield return (name.Value, item);
        }
    }

    private static string? Text(YamlMapping item, string key) => item[key] is YamlScalar { IsNull: false } s ? s.Value : null;
}

/// <summary>Sets a kustomization image's <c>newTag</c> (and <c>digest</c>) in place; a missing key is added to the entry.</summary>
public static class KustomizeImageEdit
{
    public static string SetTag(string text, string file, string name, string newTag, string? digest = null)
    {
        var (_, item) = KustomizeImage.Entries(file, text).FirstOrDefault(e => e.Name == name);
        if (item is null)
        {
            var names = KustomizeImage.Entries(file, text).Select(e => e.Name).ToList();
            throw new ManifestException(file, 0, 0, $"no image '{name}' under images:; images here: {(names.Count == 0 ? "none" : string.Join(", ", names))}.");
        }
        var edits = new List<TextEdit>();
        var inserts = new List<string>();
        void Set(string key, string? value)
        {
            if (value is null) return;
            if (item[key] is YamlScalar scalar) { if (scalar.Value != value) edits.Add(ImageEdit.Replace(scalar, value)); }
            else inserts.Add($"{key}: {ScalarText.Format(value, YamlDotNet.Core.ScalarStyle.Plain)}");
        }
        Set("newTag", newTag);
        var digestKey = item["newDigest"] is not null ? "newDigest" : "digest";
        Set(digestKey, digest);
        var result = TextEdit.Apply(text, edits);
        // A pinned digest wins over the tag in kustomize: a new tag alone must unpin it, or nothing changes.
        if (digest is null && item[digestKey] is not null) result = RemoveKey(result, file, name, digestKey);
        if (inserts.Count == 0) return result;
        // Re-read: the edits above may have moved positions. Added keys go after "name", in the entry's style.
        var (_, fresh) = KustomizeImage.Entries(file, result).First(e => e.Name == name);
        var nameValue = (YamlScalar)fresh["name"]!;
        if (fresh.Flow) return result.Insert(nameValue.End, string.Concat(inserts.Select(i => ", " + i)));
        var key = fresh.KeyOf("name")!;
        var column = key.Start - (result.LastIndexOf('\n', Math.Max(0, key.Start - 1)) + 1);
        var newline = result.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        return result.Insert(nameValue.End, string.Concat(inserts.Select(i => newline + new string(' ', column) + i)));
    }

    private static string RemoveKey(string text, string file, string name, string key)
    {
        var (_, item) = KustomizeImage.Entries(file, text).First(e => e.Name == name);
        var keyNode = item.KeyOf(key)!;
        var value = item[key]!;
        if (item.Flow)
        {
            var start = text.LastIndexOf(',', keyNode.Start);
            return text.Remove(start, value.End - start);
        }
        var lineStart = text.LastIndexOf('\n', Math.Max(0, keyNode.Start - 1)) + 1;
        var lineEnd = text.IndexOf('\n', value.End);
        lineEnd = lineEnd < 0 ? text.Length : lineEnd + 1;
        return text.Remove(lineStart, lineEnd - lineStart);
    }
}
