namespace Pipelines.ReleaseManager;

/// <summary>Sync: <paramref name="Prune"/> deletes labelled objects git no longer has; <paramref name="Adopt"/> records drifted live images in git instead of applying.</summary>
public sealed record SyncRequest(bool Prune = false, bool Adopt = false);
