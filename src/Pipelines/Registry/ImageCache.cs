using System.Collections.Concurrent;
using System.Text.Json;
using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// The on-disk cache of what registries said. Keyed by digest, image metadata is immutable and kept forever:
/// <c>images/sha256/&lt;hex&gt;.json</c> (created and labels of an image manifest) and
/// <c>indexes/sha256/&lt;hex&gt;/&lt;platform&gt;</c> (which image an index holds for a platform).
/// Tag records (digest, last check, refresh interval) live per repository in
/// <c>tags/&lt;registry&gt;/&lt;repository&gt;/tags.json</c>. Unreadable entries count as missing; files are
/// replaced atomically, so a crash never leaves half a file.
/// </summary>
public sealed class ImageCache(string directory)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly ConcurrentDictionary<string, ImageConfig> _images = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    public ImageConfig? FindImage(Digest manifest)
    {
        var key = manifest.ToString();
        if (_images.TryGetValue(key, out var cached))
            return cached;
        var stored = Read<StoredImage>(ImagePath(manifest));
        if (stored is null)
            return null;
        var config = new ImageConfig(stored.Created, stored.Labels ?? new Dictionary<string, string>());
        _images[key] = config;
        return config;
    }

    public void SaveImage(Digest manifest, ImageConfig config)
    {
        _images[manifest.ToString()] = config;
        Write(ImagePath(manifest), new StoredImage(config.Created, new Dictionary<string, string>(config.Labels)));
    }

    public Digest? FindPlatformImage(Digest index, Platform platform)
    {
        var path = IndexPath(index, platform);
        try
        {
            return File.Exists(path) && Digest.TryParse(File.ReadAllText(path).Trim(), out var digest, out _) ? digest : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void SavePlatformImage(Digest index, Platform platform, Digest image) =>
        WriteText(IndexPath(index, platform), image.ToString());

    public Dictionary<string, TagRecord> LoadTags(ImageReference repository)
    {
        var stored = Read<StoredTags>(TagsPath(repository));
        return stored?.Tags?.ToDictionary(
                   t => t.Key,
                   t => new TagRecord(t.Value.Digest, t.Value.CheckedAt, TimeSpan.FromSeconds(t.Value.IntervalSeconds), t.Value.Moves),
                   StringComparer.Ordinal)
               ?? new Dictionary<string, TagRecord>(StringComparer.Ordinal);
    }

    public void SaveTags(ImageReference repository, IReadOnlyDictionary<string, TagRecord> tags) =>
        Write(TagsPath(repository), new StoredTags(tags.ToDictionary(
            t => t.Key,
            t => new StoredTag(t.Value.Digest, t.Value.CheckedAt, t.Value.Interval.TotalSeconds, t.Value.Moves))));

    string ImagePath(Digest digest) => Path.Combine(Directory, "images", digest.Algorithm, digest.Hex + ".json");

    string IndexPath(Digest digest, Platform platform) =>
        Path.Combine(Directory, "indexes", digest.Algorithm, digest.Hex, platform.ToString().Replace('/', '-'));

    string TagsPath(ImageReference repository) =>
        Path.Combine([Directory, "tags", repository.Registry.Replace(':', '_'), .. repository.Repository.Split('/'), "tags.json"]);

    static T? Read<T>(string path) where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static void Write<T>(string path, T value) => WriteBytes(path, JsonSerializer.SerializeToUtf8Bytes(value, Json));

    static void WriteText(string path, string text) => WriteBytes(path, System.Text.Encoding.UTF8.GetBytes(text));

    static void WriteBytes(string path, byte[] content)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    sealed record StoredImage(DateTimeOffset? Created, Dictionary<string, string>? Labels);

    sealed record StoredTag(string Digest, DateTimeOffset CheckedAt, double IntervalSeconds, bool Moves);

    sealed record StoredTags(Dictionary<string, StoredTag>? Tags);
}
