using Pipelines.ConfigRepo;
using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// Turns planned changes into file edits, changing only the characters of each value. A release that moves
/// a container on clears its <c>pipelines/rejected.&lt;container&gt;</c> (a newer image, or an explicit release
/// of the rejected one, ends the rollback's veto); a rollback writes it. Pure: text in, text out.
/// </summary>
public static class ReleaseEdits
{
    public const string RejectedPrefix = "rejected.";
    private static readonly string[] RejectedKeys = ["pipelines/", "fluxcd.io/", "flux.weave.works/"];

    /// <param name="read">The current text of a config repo file.</param>
    /// <param name="rejectFrom">For a rollback: mark the image each container leaves as rejected.</param>
    public static IReadOnlyList<FileEdit> For(IEnumerable<PlannedWorkload> plan, Func<string, string?> read, string defaultNamespace, bool rejectFrom = false)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var planned in plan.Where(p => p.Changes))
        {
            var workload = planned.Workload;
            var text = texts.GetValueOrDefault(workload.File) ?? read(workload.File)
                ?? throw new ManifestException(workload.File, 0, 0, "is gone from the config repo.");
            foreach (var change in planned.Result.Changes)
            {
                (text, _) = ImageEdit.SetImage(text, workload.File, workload.Id, change.Container, change.To, defaultNamespace);
                foreach (var prefix in RejectedKeys)
                {
                    var key = prefix + RejectedPrefix + change.Container;
                    if (workload.Annotations.ContainsKey(key) || (rejectFrom && prefix == WorkloadPolicy.Prefix))
                    {
                        text = AnnotationEdit.Set(text, workload.File, workload.Id, key, rejectFrom && prefix == WorkloadPolicy.Prefix ? change.From : null, defaultNamespace);
                    }
                }
            }
            texts[workload.File] = text;
        }
        return texts.Select(t => new FileEdit(t.Key, t.Value)).ToList();
    }
}
