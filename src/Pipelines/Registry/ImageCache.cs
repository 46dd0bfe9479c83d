using System.Text.Json;
using Pipelines.Files;
using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>
/// The on-disk cache of what registries said, one file (<c>registry-cache.json</c>) read once per run and written at the end
/// of a run only when the run learnt something. It holds tag records (digest, last check, refresh interval, whether the tag
/// moved) per repository, and image facts keyed by digest (build time and labels; which image an index holds for a
/// platform), kept while some tag record reaches them. Writes are merged under a file lock with what other processes wrote
/// meanwhile, and replace the file atomically, so concurrent runs lose nothing and never read half a file.
/// The layout before issue 23 (<c>images.jsonl</c> and <c>tags/…/tags.json</c>) is not read; the first write removes it.
/// </summary>
internal sealed class ImageCache(string directory)
{
    const string FileName = "registry-cache.json";
    static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    readonly Lock _lock = new();
    // What this run learnt, replayed on the file as it is when written (another process may have written since it was read).
    readonly List<Action<CacheState>> _changes = [];
    CacheState? _state;

    public string Directory { get; } = directory;

    string FilePath => Path.Combine(Directory, FileName);

    public ImageConfig? FindImage(Digest manifest)
    {
        lock (_lock) return State.Images.GetValueOrDefault(manifest.ToString());
    }

    public void SaveImage(Digest manifest, ImageConfig config) =>
        Change(state => state.Images.TryAdd(manifest.ToString(), config));

    public Digest? FindPlatformImage(Digest index, Platform platform)
    {
        lock (_lock)
            return State.Platforms.GetValueOrDefault(CacheState.PlatformKey(index, platform)) is { } image && Digest.TryParse(image, out var digest, out _)
                ? digest
                : null;
    }

    public void SavePlatformImage(Digest index, Platform platform, Digest image) =>
        Change(state => state.Platforms.TryAdd(CacheState.PlatformKey(index, platform), image.ToString()));

    public TagRecord? FindTag(ImageReference repository, string tag)
    {
        lock (_lock) return State.Tags.GetValueOrDefault(repository.Name)?.GetValueOrDefault(tag);
    }

    public void SaveTag(ImageReference repository, string tag, TagRecord record) =>
        Change(state =>
        {
            var tags = state.TagsOf(repository.Name);
            if (tags.GetValueOrDefault(tag) == record) return false;
            tags[tag] = record;
            return true;
        });

    /// <summary>Forgets the records of tags the registry no longer lists, so the file does not grow with deleted tags.</summary>
    public void KeepTags(ImageReference repository, IReadOnlyCollection<string> listed)
    {
        var keep = listed.ToHashSet(StringComparer.Ordinal);
        Change(state =>
        {
            var gone = state.Tags.GetValueOrDefault(repository.Name)?.Keys.Where(t => !keep.Contains(t)).ToList() ?? [];
            foreach (var tag in gone) state.Tags[repository.Name].Remove(tag);
            return gone.Count > 0;
        });
    }

    /// <summary>Writes what this run learnt, if anything, or says why it could not: the run's answers stand either way, and
    /// the next run asks the registry again.</summary>
    public async Task TrySaveAsync(Action<string> warn, CancellationToken ct = default)
    {
        try
        {
            await SaveAsync(ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException)
        {
            warn($"The registry cache in {Directory} was not written ({e.Message}); the next run asks the registry again.");
        }
    }

    /// <summary>Writes what this run learnt, if anything: under the cache's file lock, merged into the file as it is now.
    /// Throws <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/> or (lock held by another process too long)
    /// <see cref="TimeoutException"/> when it cannot.</summary>
    public async Task SaveAsync(CancellationToken ct = default)
    {
        Action<CacheState>[] changes;
        lock (_lock)
        {
            if (_changes.Count == 0) return;
            changes = [.. _changes];
        }
        System.IO.Directory.CreateDirectory(Directory);
        using (await FileMutex.AcquireAsync(Path.Combine(Directory, FileName + ".lock"), LockTimeout, cancellationToken: ct))
        {
            var merged = CacheState.Read(FilePath);
            foreach (var change in changes) change(merged);
            merged.Prune();
            var temp = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temp, merged.ToBytes(), ct);
            File.Move(temp, FilePath, overwrite: true);
            RemoveOldLayout();
        }
        lock (_lock) _changes.RemoveRange(0, changes.Length);
    }

    CacheState State => _state ??= CacheState.Read(FilePath);

    void Change(Func<CacheState, bool> change)
    {
        lock (_lock)
        {
            if (change(State)) _changes.Add(state => change(state));
        }
    }

    // The per-repository tags.json files and the append-only images.jsonl of earlier versions; nothing reads them now.
    void RemoveOldLayout()
    {
        try
        {
            File.Delete(Path.Combine(Directory, "images.jsonl"));
            if (System.IO.Directory.Exists(Path.Combine(Directory, "tags")))
                System.IO.Directory.Delete(Path.Combine(Directory, "tags"), recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process may be removing them too; they are only disk space.
        }
    }
}
