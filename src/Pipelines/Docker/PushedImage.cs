using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines.Docker;

/// <summary>
/// What PushImage pushed, kept in <c>&lt;temp&gt;/image.json</c> (<c>{ "image", "tag", "digest" }</c>) so that
/// SetImage and UpdateConfigRepo later in the same CI job deploy it without <c>--image</c>.
/// </summary>
public sealed record PushedImage(
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("tag")] string Tag,
    [property: JsonPropertyName("digest")] string Digest)
{
    public const string FileName = "image.json";

    /// <summary>The reference that pins what was pushed and still reads as the tag: <c>repo:tag@sha256:…</c>.</summary>
    [JsonIgnore]
    public string Reference => $"{Image}:{Tag}@{Digest}";

    public static string PathIn(string tempDirectory) => Path.Combine(tempDirectory, FileName);

    /// <summary>PushImage's <c>--output json</c>: what image.json holds, with the reference that pins it.</summary>
    public string Json() => Documents.ResultWriter.Json(new Documents.PushedImageDocument(Image, Tag, Digest, Reference));

    /// <summary>The last push recorded in this temp folder, or null when there is none.</summary>
    public static PushedImage? Read(string tempDirectory)
    {
        var path = PathIn(tempDirectory);
        if (!File.Exists(path)) return null;
        try
        {
            var image = JsonSerializer.Deserialize<PushedImage>(File.ReadAllText(path));
            return image is { Image.Length: > 0, Tag.Length: > 0, Digest.Length: > 0 } ? image
                : throw new FormatException($"{path} lacks image, tag or digest; run PushImage again, or pass --image.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not what PushImage writes ({e.Message}); run PushImage again, or pass --image.", e);
        }
    }

    /// <summary>Records the push (atomically: a reader sees the old file or the new one, never half of one).</summary>
    public void Write(string tempDirectory)
    {
        Directory.CreateDirectory(tempDirectory);
        var path = PathIn(tempDirectory);
        var partial = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(partial, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(partial, path, overwrite: true);
    }

    public override string ToString() => Reference;
}
