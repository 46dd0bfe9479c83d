using System.Text;
using System.Text.Json;
using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// The on-disk cache of what registries said. Image facts are keyed by digest, immutable and kept forever:
/// the build time and labels of an image manifest, and which image an index holds for a platform. They are
/// lines of <c>images.jsonl</c>, appended once per scan in a single write (one file per digest cost more than
/// the registry requests it saves); a torn or unreadable line is skipped, a duplicate is harmless.
/// Tag records (digest, last check, refresh interval) live per repository in
/// <c>tags/&lt;registry&gt;/&lt;repository&gt;/tags.json</c>, replaced atomically.
/// </summary>
internal sealed class ImageCache(string directory)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    readonly Lock _lock = new();
    readonly List<Entry> _pending = [];
    Dictionary<string, ImageConfig>? _images;
    Dictionary<(string Index, string Platform), Digest>? _platforms;

    public string Directory { get; } = directory;

    string LogPath => Path.Combine(Directory, "images.jsonl");

    public ImageConfig? FindImage(Digest manifest)
    {
        lock (_lock)
        {
            Load();
            return _images!.GetValueOrDefault(manifest.ToString());
        }
    }

    public void SaveImage(Digest manifest, ImageConfig config)
    {
        lock (_lock)
        {
            Load();
            _images![manifest.ToString()] = config;
            _pending.Add(new Entry(manifest.ToString(), config.Created, new Dictionary<string, string>(config.Labels), null, null));
        }
    }

    public Digest? FindPlatformImage(Digest index, Platform platform)
    {
        lock (_lock)
        {
            Load();
            return _platforms!.GetValueOrDefault((index.ToString(), platform.ToString()));
        }
    }

    public void SavePlatformImage(Digest index, Platform platform, Digest image)
    {
        lock (_lock)
        {
            Load();
            _platforms![(index.ToString(), platform.ToString())] = image;
            _pending.Add(new Entry(index.ToString(), null, null, platform.ToString(), image.ToString()));
        }
    }

    /// <summary>Appends the image facts learnt since the last flush to disk, in one write.</summary>
    public void Flush()
    {
        byte[] lines;
        lock (_lock)
        {
            if (_pending.Count == 0)
                return;
            var text = new StringBuilder();
            foreach (var entry in _pending)
                text.Append(JsonSerializer.Serialize(entry, Json)).Append('\n');
            lines = Encoding.UTF8.GetBytes(text.ToString());
            _pending.Clear();
        }
        System.IO.Directory.CreateDirectory(Directory);
        using var log = new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        log.Write(lines);
    }

    public Dictionary<string, TagRecord> LoadTags(ImageReference repository)
    {
        StoredTags? stored;
        try
        {
            var path = TagsPath(repository);
            stored = File.Exists(path) ? JsonSerializer.Deserialize<StoredTags>(File.ReadAllBytes(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            stored = null;
        }
        return stored?.Tags?.ToDictionary(
                   t => t.Key,
                   t => new TagRecord(t.Value.Digest, t.Value.CheckedAt, TimeSpan.FromSeconds(t.Value.IntervalSeconds), t.Value.Moves),
                   StringComparer.Ordinal)
               ?? new Dictionary<string, TagRecord>(StringComparer.Ordinal);
    }

    public void SaveTags(ImageReference repository, IReadOnlyDictionary<string, TagRecord> tags)
    {
        var path = TagsPath(repository);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(new StoredTags(tags.ToDictionary(
            t => t.Key,
            t => new StoredTag(t.Value.Digest, t.Value.CheckedAt, t.Value.Interval.TotalSeconds, t.Value.Moves))), Json));
        File.Move(temp, path, overwrite: true);
    }

    void Load()
    {
        if (_images is not null)
            return;
        _images = new Dictionary<string, ImageConfig>(StringComparer.Ordinal);
        _platforms = new Dictionary<(string, string), Digest>();
        string[] lines;
        try
        {
            lines = File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        foreach (var line in lines)
        {
            Entry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<Entry>(line, Json);
            }
            catch (JsonException)
            {
                continue;
            }
            if (entry is null || !Digest.TryParse(entry.Digest, out _, out _))
                continue;
            if (entry.Platform is not null && Digest.TryParse(entry.Image, out var image, out _))
                _platforms[(entry.Digest, entry.Platform)] = image;
            else if (entry.Platform is null)
                _images[entry.Digest] = new ImageConfig(entry.Created, entry.Labels ?? new Dictionary<string, string>());
        }
    }

    string TagsPath(ImageReference repository) =>
        Path.Combine([Directory, "tags", repository.Registry.Replace(':', '_'), .. repository.Repository.Split('/'), "tags.json"]);

    /// <summary>One line of <c>images.jsonl</c>: an image's facts, or (with Platform and Image) an index's choice for a platform.</summary>
    sealed record Entry(string Digest, DateTimeOffset? Created, Dictionary<string, string>? Labels, string? Platform, string? Image);

    sealed record StoredTag(string Digest, DateTimeOffset CheckedAt, double IntervalSeconds, bool Moves);

    sealed record StoredTags(Dictionary<string, StoredTag>? Tags);
}
