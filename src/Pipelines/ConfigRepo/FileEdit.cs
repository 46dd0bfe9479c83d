namespace Pipelines.ConfigRepo;

/// <summary>A file of the config repo with its new content (null: delete it). Paths are relative, with '/'.</summary>
public sealed record FileEdit(string Path, string? NewContent);
