using LibGit2Sharp;
using Pipelines.Config;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Yaml;

namespace Pipelines.Tests.Model;

/// <summary>
/// The promises of a commit to an environment a GitOps agent renders (kustomize, Helm values, Flux markers, Argo CD
/// Applications), checked as that agent sees the files, not as the release manager edits them: what the environment renders
/// changed exactly as the trailers say; every changed value lies in a place the renderer reads for a container whose image
/// changed (or, for policy commits, in the annotations of the workload they name); and every file is byte-identical outside
/// those values.
/// </summary>
internal static class RenderedAudit
{
    /// <summary>The environment as its renderer sees it at a commit.</summary>
    public static EnvironmentScan Scan(Commit commit, EnvironmentConfig environment) => EnvironmentScan.Read(FilesAt(commit), environment);

    public static IEnumerable<string> Check(Commit parent, Commit commit, ReleaseCommitMessage message, EnvironmentConfig environment, EnvironmentScan before,
        IReadOnlyList<string> changedFiles)
    {
        var after = Scan(commit, environment);
        var old = before.Workloads.ToDictionary(w => w.Id, StringComparer.Ordinal);
        var now = after.Workloads.ToDictionary(w => w.Id, StringComparer.Ordinal);
        foreach (var added in now.Keys.Except(old.Keys)) yield return $"added workload {added}";
        foreach (var gone in old.Keys.Except(now.Keys)) yield return $"removed workload {gone}";

        // What the renderer renders moved exactly as the trailers say (a tag-only place renders the trailer's image without its digest).
        var places = new List<(string File, int Document, YamlPath Path)>();
        var moved = new List<(string Workload, string Container, string Image, ImageSite Site)>();
        foreach (var (id, workload) in now)
        {
            if (!old.TryGetValue(id, out var was)) continue;
            foreach (var container in workload.Containers)
            {
                var previous = was.Containers.FirstOrDefault(c => c.Name == container.Name && c.IsInit == container.IsInit);
                if (previous is null || previous.Image == container.Image) continue;
                moved.Add((id, container.Name, container.Image, container.Site));
                places.AddRange(Places(was, previous.Site));
                places.AddRange(Places(workload, container.Site));
            }
            if (!workload.Annotations.OrderBy(a => a.Key).SequenceEqual(was.Annotations.OrderBy(a => a.Key)))
            {
                if (!PolicyActions.Contains(message.Action) || !(message.Workloads ?? []).Contains(id))
                {
                    yield return $"changed the annotations of {id}, which a {message.Action.ToString().ToLowerInvariant()} commit naming {string.Join(", ", message.Workloads ?? [])} does not change";
                }
                places.Add((was.File, was.DocumentIndex, was.Path.Then("metadata", "annotations")));
            }
        }
        foreach (var change in message.Changes)
        {
            var rendered = moved.FirstOrDefault(m => m.Workload == change.Workload && m.Container == change.Container);
            if (rendered.Image is null) yield return $"its trailer names {change.Workload} {change.Container} -> {change.To}, which the renderer does not render";
            else if (!Same(rendered.Image, change.To, rendered.Site)) yield return $"{change.Workload} {change.Container} renders {rendered.Image}; its trailer says {change.To}";
        }
        foreach (var m in moved.Where(m => !message.Changes.Any(c => c.Workload == m.Workload && c.Container == m.Container)))
        {
            yield return $"{m.Workload} {m.Container} now renders {m.Image}, which no Pipelines-Change trailer names";
        }

        foreach (var file in changedFiles)
        {
            var (was, now2) = (Text(parent, file), Text(commit, file));
            if (was is null || now2 is null)
            {
                yield return $"{file}: {(was is null ? "created" : "deleted")}, but the commit only meant to edit values";
                continue;
            }
            var (a, b) = (YamlDocuments.Parse(was, file), YamlDocuments.Parse(now2, file));
            if (a.Count != b.Count)
            {
                yield return $"{file}: holds {b.Count} document(s), {a.Count} before";
                continue;
            }
            var scalars = new List<(YamlScalar Old, YamlScalar New)>();
            var structural = false;
            for (var d = 0; d < a.Count; d++)
            {
                foreach (var (path, oldNode, newNode) in Differences(a[d], b[d], YamlPath.Root))
                {
                    if (!places.Any(p => p.File == file && p.Document == d && StartsWith(path, p.Path)))
                    {
                        yield return $"{file}: {path} (document {d + 1}) changed, which no place the renderer reads for a changed image holds";
                    }
                    if (oldNode is YamlScalar x && newNode is YamlScalar y) scalars.Add((x, y));
                    else structural = true;
                }
            }
            // Byte-identical outside the values: the old text with each changed value's characters replaced by the new ones is the new text.
            if (!structural && Splice(was, now2, scalars) != now2) yield return $"{file}: differs outside the values that changed (whitespace, comments or quoting)";
        }
    }

    private static readonly ReleaseAction[] PolicyActions = [ReleaseAction.Lock, ReleaseAction.Unlock, ReleaseAction.Automate, ReleaseAction.Deautomate, ReleaseAction.Policy];

    private static bool Same(string rendered, string trailer, ImageSite site) =>
        rendered == trailer || !site.HoldsDigest && rendered.Split('@')[0] == trailer.Split('@')[0];

    // The values a site's renderer reads: the field or entry the writer of its kind may change.
    private static IEnumerable<(string File, int Document, YamlPath Path)> Places(Workload workload, ImageSite site)
    {
        switch (site)
        {
            case ManifestImageSite m:
                yield return (m.File, m.Document, m.ImagePath);
                yield return (m.File, m.Document, workload.Path.Then("metadata", "labels", ImageEdit.VersionLabel));
                if (workload.TemplateMetadataPath is { } template) yield return (m.File, m.Document, template.Then("labels", ImageEdit.VersionLabel));
                break;
            case KustomizeEntrySite k:
                yield return (k.File, 0, YamlPath.Root.Then("images", k.Index));
                break;
            case NewKustomizeEntrySite n:
                yield return (n.File, 0, YamlPath.Root.Then("images"));
                break;
            case ImageFieldsSite f:
                foreach (var path in new[] { f.Image, f.Name, f.Tag, f.Digest }.OfType<YamlPath>()) yield return (f.File, f.Document, path);
                break;
        }
    }

    private static bool StartsWith(YamlPath path, YamlPath prefix) =>
        path.Segments.Count >= prefix.Segments.Count && path.Segments.Take(prefix.Segments.Count).SequenceEqual(prefix.Segments);

    /// <summary>Where two parsed documents differ: the deepest path of each difference, with the nodes there (null where absent).</summary>
    private static IEnumerable<(YamlPath Path, YamlNode? Old, YamlNode? New)> Differences(YamlNode? a, YamlNode? b, YamlPath at)
    {
        switch (a, b)
        {
            case (null, null):
                yield break;
            case (YamlMapping x, YamlMapping y):
                var keys = x.Entries.Select(e => e.Key?.Value).Concat(y.Entries.Select(e => e.Key?.Value)).OfType<string>().Distinct();
                foreach (var key in keys) foreach (var d in Differences(x[key], y[key], at.Then(key))) yield return d;
                break;
            case (YamlSequence x, YamlSequence y):
                for (var i = 0; i < Math.Max(x.Items.Count, y.Items.Count); i++)
                {
                    foreach (var d in Differences(x.Items.ElementAtOrDefault(i), y.Items.ElementAtOrDefault(i), at.Then(i))) yield return d;
                }
                break;
            case (YamlScalar x, YamlScalar y):
                if (x.Value != y.Value || x.Style != y.Style && (x.Style == YamlDotNet.Core.ScalarStyle.Plain || y.Style == YamlDotNet.Core.ScalarStyle.Plain)) yield return (at, x, y);
                break;
            default:
                yield return (at, a, b);
                break;
        }
    }

    private static string Splice(string before, string after, IEnumerable<(YamlScalar Old, YamlScalar New)> scalars)
    {
        var text = before;
        foreach (var (old, now) in scalars.OrderByDescending(s => s.Old.ValueStart))
        {
            text = text[..old.ValueStart] + after[now.ValueStart..now.End] + text[old.End..];
        }
        return text;
    }

    private static RepoFiles FilesAt(Commit commit)
    {
        var blobs = new Dictionary<string, Blob>(StringComparer.Ordinal);
        void Walk(Tree tree, string prefix)
        {
            foreach (var entry in tree)
            {
                if (entry.Target is Tree sub) Walk(sub, prefix + entry.Name + "/");
                else if (entry.Target is Blob blob) blobs[prefix + entry.Name] = blob;
            }
        }
        Walk(commit.Tree, "");
        return new RepoFiles(
            folder => blobs.Keys.Where(p => folder.Trim('/').Length == 0 || p.StartsWith(folder.Trim('/') + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            path => blobs.TryGetValue(path.Trim('/'), out var blob) ? blob.GetContentText() : null,
            path => blobs.TryGetValue(path.Trim('/'), out var blob) ? blob.Size : -1);
    }

    private static string? Text(Commit commit, string path) => (commit.Tree[path]?.Target as Blob)?.GetContentText();
}
