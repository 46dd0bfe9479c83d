using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// Turns planned image changes into file edits, changing only the characters of each value, each edit with the values
/// it meant to set (checked before the push). Rejections are not written into manifests: they are read from history
/// (<see cref="Rejections"/>). Pure: text in, text out.
/// </summary>
internal static class ReleaseEdits
{
    /// <param name="read">The current text of a config repo file.</param>
    public static IReadOnlyList<FileEdit> For(IEnumerable<PlannedWorkload> plan, Func<string, string?> read)
    {
        var editor = new ManifestEditor(read);
        foreach (var planned in plan.Where(p => p.Changes))
        {
            foreach (var change in planned.Result.Changes) editor.SetImage(planned.Workload, change.Container, change.To);
        }
        return editor.Edits();
    }
}
