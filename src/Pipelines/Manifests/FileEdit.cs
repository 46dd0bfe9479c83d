namespace Pipelines.Manifests;

/// <summary>A file of the config repo with its new content (null: delete it). Paths are relative, with '/'.</summary>
public sealed record FileEdit(string Path, string? NewContent)
{
    /// <summary>The values the edit meant to set; <see cref="ChangeCheck"/> refuses any other difference from the parent.</summary>
    public IReadOnlyList<IntendedValue> Intent { get; init; } = [];
}
