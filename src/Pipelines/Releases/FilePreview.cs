namespace Pipelines.Releases;

/// <summary>A file a dry run would change: its text now and the text the commit would give it (null: absent / deleted), so that
/// a preview can show the manifest diff before anyone confirms.</summary>
public sealed record FilePreview(string Path, string? Before, string? After);
