using System.Text.Json;
using System.Text.Json.Serialization;
using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// The registry cache as it is in memory and in <c>registry-cache.json</c>: compact JSON with one-letter keys, check times as
/// Unix seconds, so that the file of thousands of repositories stays small and quick to read.
/// </summary>
internal sealed class CacheState
{
    const int Version = 1;
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault };

    /// <summary>Tag records by repository name (<c>registry/repository</c>), then by tag.</summary>
    public Dictionary<string, Dictionary<string, TagRecord>> Tags { get; } = new(StringComparer.Ordinal);

    /// <summary>Image facts by manifest digest.</summary>
    public Dictionary<string, ImageConfig> Images { get; } = new(StringComparer.Ordinal);

    /// <summary>The image an index holds for a platform, by <see cref="PlatformKey"/>.</summary>
    public Dictionary<string, string> Platforms { get; } = new(StringComparer.Ordinal);

    public static string PlatformKey(Digest index, Platform platform) => $"{index} {platform}";

    public Dictionary<string, TagRecord> TagsOf(string repository)
    {
        if (!Tags.TryGetValue(repository, out var tags)) Tags[repository] = tags = new Dictionary<string, TagRecord>(StringComparer.Ordinal);
        return tags;
    }

    /// <summary>Drops image facts no tag record reaches (directly, or through an index's platform image).</summary>
    public void Prune()
    {
        var reached = Tags.Values.SelectMany(t => t.Values).Select(r => r.Digest).ToHashSet(StringComparer.Ordinal);
        foreach (var key in Platforms.Keys.ToList())
        {
            if (reached.Contains(key[..key.IndexOf(' ')])) continue;
            Platforms.Remove(key);
        }
        reached.UnionWith(Platforms.Values);
        foreach (var digest in Images.Keys.Where(d => !reached.Contains(d)).ToList()) Images.Remove(digest);
        foreach (var empty in Tags.Where(t => t.Value.Count == 0).Select(t => t.Key).ToList()) Tags.Remove(empty);
    }

    /// <summary>The file's content; an empty cache when it is missing, unreadable or of another version (the cache refills).</summary>
    public static CacheState Read(string path)
    {
        var state = new CacheState();
        Stored? stored;
        try
        {
            using var file = File.OpenRead(path);
            stored = JsonSerializer.Deserialize<Stored>(file, Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return state;
        }
        if (stored is not { V: Version }) return state;
        foreach (var (repository, tags) in stored.T ?? [])
        {
            var records = state.TagsOf(repository);
            foreach (var (tag, t) in tags)
                records[tag] = new TagRecord(t.D, DateTimeOffset.FromUnixTimeSeconds(t.C), TimeSpan.FromSeconds(t.I), t.M);
        }
        foreach (var (digest, image) in stored.I ?? [])
            state.Images[digest] = new ImageConfig(image.C, image.L ?? []);
        foreach (var (key, image) in stored.P ?? []) state.Platforms[key] = image;
        return state;
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(new Stored(
        Version,
        Tags.ToDictionary(r => r.Key, r => r.Value.ToDictionary(
            t => t.Key, t => new StoredTag(t.Value.Digest, t.Value.CheckedAt.ToUnixTimeSeconds(), (long)t.Value.Interval.TotalSeconds, t.Value.Moves))),
        Images.ToDictionary(i => i.Key, i => new StoredImage(i.Value.Created, i.Value.Labels.Count == 0 ? null : new(i.Value.Labels))),
        Platforms), Json);

    // V: version; T: tags by repository and tag; I: images by digest; P: platform images by "index platform".
    sealed record Stored(int V, Dictionary<string, Dictionary<string, StoredTag>>? T, Dictionary<string, StoredImage>? I, Dictionary<string, string>? P);

    // D: digest; C: checked at (Unix seconds); I: interval (seconds); M: the tag has moved.
    sealed record StoredTag(string D, long C, long I, bool M);

    // C: created (kept to the tick: build times are compared); L: labels.
    sealed record StoredImage(DateTimeOffset? C, Dictionary<string, string>? L);
}
