using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Sets an image held in fields of a YAML document (<see cref="ImageFieldsSite"/>: Flux setter markers, Helm values): the
/// whole reference where a field holds it, else the repository, tag and digest each in its own field, only where they change.
/// A place without a digest field gets the tag alone, as Flux's <c>:tag</c> marker and Helm's <c>image.tag</c> expect; when
/// only the digest changes (a moving tag followed by digest) the tag field gets <c>tag@digest</c>, since the tag alone would
/// roll nothing out. Each value is replaced in place, its quoting kept. Pure: text in, text out.
/// </summary>
internal static class ImageFieldsEdit
{
    public static (string Text, IReadOnlyList<IntendedValue> Intent) Set(string text, ImageFieldsSite site, string image)
    {
        var root = YamlDocuments.Parse(text, site.File).ElementAtOrDefault(site.Document)
            ?? throw new ManifestException(site.File, 0, 0, $"has no document {site.Document + 1} any more; the file changed while releasing. Run again.");
        var (name, tag, digest) = KustomizeImage.Split(image);
        var wanted = new List<(YamlPath Path, string Value)>();
        if (site.Image is { } whole) wanted.Add((whole, site.ImagePrefix + image));
        if (site.Name is { } namePath) wanted.Add((namePath, name));
        if (site.Tag is { } tagPath && tag is not null)
        {
            var current = Scalar(root, tagPath, site.File).Value;
            var (currentName, currentTag, _) = KustomizeImage.Split(ImageFieldsRead.Image(root, site) ?? "");
            // Without a digest field, the tag field pins the digest when only the digest moves, or when it pinned one already.
            var onlyDigestMoves = currentName == name && currentTag == tag;
            var pinned = site.Digest is null && digest is not null && (onlyDigestMoves || current.Contains('@'));
            wanted.Add((tagPath, pinned ? tag + "@" + digest : tag));
        }
        if (site.Digest is { } digestPath) wanted.Add((digestPath, digest ?? ""));
        var edits = new List<TextEdit>();
        var intent = new List<IntendedValue>();
        foreach (var (path, value) in wanted)
        {
            var scalar = Scalar(root, path, site.File);
            if (scalar.Value == value && !scalar.IsNull) continue;
            edits.Add(ImageEdit.Replace(scalar, value));
            intent.Add(new IntendedValue(site.Document, path, value));
        }
        return (TextEdit.Apply(text, edits), intent);
    }

    /// <summary>The scalar at <paramref name="path"/> of a document; a clear error when the path leads nowhere or to a collection.</summary>
    public static YamlScalar Scalar(YamlNode root, YamlPath path, string file) =>
        Find(root, path) switch
        {
            YamlScalar scalar => scalar,
            null => throw new ManifestException(file, root.Line, root.Column, $"has no value at {path}; the image was declared there. Fix the declaration or the file."),
            var other => throw new ManifestException(file, other.Line, other.Column, $"{path} is not a plain value but a {(other is YamlMapping ? "mapping" : "list")}; an image field holds text."),
        };

    public static YamlNode? Find(YamlNode? node, YamlPath path)
    {
        foreach (var segment in path.Segments)
        {
            node = (segment, node) switch
            {
                (string key, YamlMapping mapping) => mapping[key],
                (int index, YamlSequence list) => list.Items.ElementAtOrDefault(index),
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }
}
