using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>The image fields of a document hold, as the renderer joins them: the whole reference, else name (or the repository
/// the declaration knows), tag and digest. Pure.</summary>
internal static class ImageFieldsRead
{
    /// <summary>The image, or null when nothing says which repository it is.</summary>
    public static string? Image(YamlNode root, ImageFieldsSite site)
    {
        string? Value(YamlPath? path) => path is null ? null : ImageFieldsEdit.Find(root, path) is YamlScalar { IsNull: false } s ? s.Value : null;
        if (Value(site.Image) is { } whole) return site.ImagePrefix is { } prefix && whole.StartsWith(prefix, StringComparison.Ordinal) ? whole[prefix.Length..] : whole;
        var name = Value(site.Name) ?? site.KnownName;
        if (name is null) return null;
        var tag = Value(site.Tag);
        var digest = Value(site.Digest);
        return name + (tag is null ? "" : ":" + tag) + (string.IsNullOrEmpty(digest) || tag?.Contains('@') == true ? "" : "@" + digest);
    }

    /// <summary>The node a message about the image points at: the whole reference, else the tag, else the name.</summary>
    public static YamlScalar Primary(YamlNode root, ImageFieldsSite site) =>
        ImageFieldsEdit.Scalar(root, site.Image ?? site.Tag ?? site.Name ?? site.Digest!, site.File);
}
