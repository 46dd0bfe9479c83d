using LibGit2Sharp;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Yaml;

namespace Pipelines.Tests.Model;

/// <summary>
/// The promises checked after every step of a model-based run, against the config repo's own objects (the bare repository the
/// git server serves): no commit lost or force-pushed; every file parses with no repeated key; every commit is the tool's and
/// changed only the values its trailers name; automation never released a rejected image nor touched a locked workload.
/// </summary>
internal sealed class ConfigRepoAudit(string barePath)
{
    private string? _head;

    /// <summary>Commits checked so far, oldest first.</summary>
    public List<(string Sha, ReleaseCommitMessage Message)> Commits { get; } = [];

    /// <summary>Checks the commits pushed since the last call; returns what is wrong (empty when every promise held).</summary>
    public IReadOnlyList<string> CheckNewCommits()
    {
        using var repository = new Repository(barePath);
        var head = repository.Branches["main"].Tip;
        var problems = new List<string>();
        if (_head is not null && head.Sha != _head && !IsAncestor(repository, _head, head))
        {
            problems.Add($"main moved from {_head[..7]} to {head.Sha[..7]}, which does not contain it: a commit was lost or force-pushed.");
        }
        var fresh = repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = head, ExcludeReachableFrom = _head, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse }).ToList();
        foreach (var commit in fresh)
        {
            if (commit.Parents.Count() != 1)
            {
                problems.Add($"{commit.Sha[..7]} has {commit.Parents.Count()} parents; the tool only makes linear commits.");
                continue;
            }
            problems.AddRange(CheckCommit(repository, commit.Parents.Single(), commit).Select(p => $"{commit.Sha[..7]} ({commit.MessageShort}): {p}"));
        }
        problems.AddRange(CheckFilesParse(head));
        _head = head.Sha;
        return problems;
    }

    private IEnumerable<string> CheckCommit(Repository repository, Commit parent, Commit commit)
    {
        if (ReleaseCommitMessage.Parse(commit.Message) is not { } message)
        {
            yield return "is not the tool's (no Pipelines-Action trailer)";
            yield break;
        }
        Commits.Add((commit.Sha, message));
        var config = PipelinesConfig.Parse(Text(commit, PipelinesConfig.FileName)!);
        var environment = config.Environments.Single(e => e.Name == message.Environment);
        var changedFiles = repository.Diff.Compare<TreeChanges>(parent.Tree, commit.Tree).Select(c => c.Path).ToList();
        foreach (var outside in changedFiles.Where(f => !f.StartsWith(environment.Path + "/", StringComparison.Ordinal)))
        {
            yield return $"changed {outside}, outside {environment.Path}";
        }
        // An environment a GitOps agent renders is checked as that agent sees it.
        var scan = RenderedAudit.Scan(parent, environment);
        if (scan.RenderedBy is not null)
        {
            foreach (var problem in RenderedAudit.Check(parent, commit, message, environment, scan, changedFiles)) yield return problem;
            foreach (var problem in AutomationProblems(repository, parent, message, environment, scan.Workloads.ToDictionary(w => w.Id, StringComparer.Ordinal))) yield return problem;
            yield break;
        }
        var before = Workloads(parent, environment, changedFiles);
        var after = Workloads(commit, environment, changedFiles);
        var images = new List<(string Workload, string Container, string Image)>();
        var intent = new Dictionary<string, List<IntendedValue>>(StringComparer.Ordinal);
        foreach (var workload in after.Values)
        {
            if (!before.TryGetValue(workload.Id, out var old))
            {
                yield return $"added workload {workload.Id}";
                continue;
            }
            var file = intent.TryGetValue(workload.File, out var list) ? list : intent[workload.File] = [];
            foreach (var container in workload.Containers)
            {
                var was = old.Containers.FirstOrDefault(c => c.Name == container.Name && c.IsInit == container.IsInit);
                if (was is null || was.Image == container.Image) continue;
                images.Add((workload.Id, container.Name, container.Image));
                file.Add(new IntendedValue(workload.DocumentIndex, container.ImagePath, container.Image));
                var (oldTag, newTag) = (ImageReference.TagOf(was.Image), ImageReference.TagOf(container.Image));
                if (oldTag != newTag)
                {
                    file.Add(new IntendedValue(workload.DocumentIndex, workload.Path.Then("metadata", "labels", ImageEdit.VersionLabel), newTag));
                    if (workload.TemplateMetadataPath is { } template) file.Add(new IntendedValue(workload.DocumentIndex, template.Then("labels", ImageEdit.VersionLabel), newTag));
                }
            }
            foreach (var key in workload.Annotations.Keys.Union(old.Annotations.Keys))
            {
                var value = workload.Annotations.GetValueOrDefault(key);
                if (value == old.Annotations.GetValueOrDefault(key)) continue;
                if (!PolicyActions.Contains(message.Action) || !(message.Workloads ?? []).Contains(workload.Id))
                {
                    yield return $"changed the annotation {key} of {workload.Id}, which a {message.Action.ToString().ToLowerInvariant()} commit naming {string.Join(", ", message.Workloads ?? [])} does not change";
                }
                file.Add(new IntendedValue(workload.DocumentIndex, workload.Path.Then("metadata", "annotations", key), value));
            }
        }
        foreach (var gone in before.Keys.Except(after.Keys)) yield return $"removed workload {gone}";

        var named = message.Changes.Select(c => (c.Workload, c.Container, c.To)).ToHashSet();
        foreach (var change in images.Where(i => !named.Contains(i))) yield return $"set {change.Workload} {change.Container} to {change.Image}, which no Pipelines-Change trailer names";
        foreach (var change in named.Where(n => !images.Contains(n))) yield return $"its trailer names {change.Workload} {change.Container} -> {change.To}, which the commit does not set";
        foreach (var file in changedFiles)
        {
            // Labels equal to the old tag follow the new one only where the file has them: an intended label that is absent is no change.
            var meant = intent.GetValueOrDefault(file, []).Where(v => !v.Path.Segments.Contains(ImageEdit.VersionLabel) || Has(commit, file, v)).ToList();
            if (ChangeCheck.Problem(file, Text(parent, file), Text(commit, file), meant) is { } problem) yield return problem;
        }

        foreach (var problem in AutomationProblems(repository, parent, message, environment, before)) yield return problem;
    }

    /// <summary>Automation releases only images nobody rejected, and never touches a locked or deautomated workload.</summary>
    private static IEnumerable<string> AutomationProblems(Repository repository, Commit parent, ReleaseCommitMessage message, EnvironmentConfig environment,
        IReadOnlyDictionary<string, Workload> before)
    {
        if (message.Action == ReleaseAction.Release && message.Cause.StartsWith("automation", StringComparison.Ordinal))
        {
            var rejections = Rejections.From(ConfigHistory.Entries(repository, parent.Sha, environment.Name));
            foreach (var change in message.Changes)
            {
                if (rejections.Of(change.To) is { } rejection) yield return $"automation released {change.To}, rejected since {rejection.Release}";
                var policy = WorkloadPolicy.Of(before[change.Workload], environment);
                if (policy.Locked) yield return $"automation changed {change.Workload}, which was locked";
                if (!policy.Automated) yield return $"automation changed {change.Workload}, which was not automated";
            }
        }
    }

    private static readonly ReleaseAction[] PolicyActions = [ReleaseAction.Lock, ReleaseAction.Unlock, ReleaseAction.Automate, ReleaseAction.Deautomate, ReleaseAction.Policy];

    private static bool Has(Commit commit, string file, IntendedValue value)
    {
        var documents = YamlDocuments.Parse(Text(commit, file)!, file);
        YamlNode? node = documents[value.Document];
        foreach (var segment in value.Path.Segments)
        {
            node = (segment, node) switch
            {
                (string key, YamlMapping map) => map[key],
                (int index, YamlSequence list) when index < list.Items.Count => list.Items[index],
                _ => null,
            };
        }
        return node is not null;
    }

    private static IReadOnlyDictionary<string, Workload> Workloads(Commit commit, EnvironmentConfig environment, IEnumerable<string> files) =>
        files.Where(f => f.StartsWith(environment.Path + "/", StringComparison.Ordinal) && Text(commit, f) is not null)
            .SelectMany(f => WorkloadReader.Read(f, Text(commit, f)!, environment.Namespace))
            .ToDictionary(w => w.Id, StringComparer.Ordinal);

    /// <summary>Every YAML file at the head parses, with no repeated key.</summary>
    private static IEnumerable<string> CheckFilesParse(Commit head)
    {
        foreach (var (path, blob) in Blobs(head.Tree, ""))
        {
            if (!path.EndsWith(".yaml", StringComparison.Ordinal)) continue;
            string? problem = null;
            try
            {
                YamlDocuments.Parse(blob.GetContentText(), path);
            }
            catch (ManifestException e)
            {
                problem = $"at {head.Sha[..7]}: {e.Message}";
            }
            if (problem is not null) yield return problem;
        }
    }

    private static IEnumerable<(string Path, Blob Blob)> Blobs(Tree tree, string prefix)
    {
        foreach (var entry in tree)
        {
            if (entry.Target is Tree sub) foreach (var blob in Blobs(sub, prefix + entry.Name + "/")) yield return blob;
            else if (entry.Target is Blob blob) yield return (prefix + entry.Name, blob);
        }
    }

    private static string? Text(Commit commit, string path) => (commit.Tree[path]?.Target as Blob)?.GetContentText();

    private static bool IsAncestor(Repository repository, string ancestor, Commit head) =>
        repository.ObjectDatabase.FindMergeBase(repository.Lookup<Commit>(ancestor), head)?.Sha == ancestor;

    /// <summary>The files of an environment at the head, for comparing with the cluster.</summary>
    public IReadOnlyDictionary<(string Workload, string Container), string> DesiredImages(string environmentName)
    {
        using var repository = new Repository(barePath);
        var head = repository.Branches["main"].Tip;
        var environment = PipelinesConfig.Parse(Text(head, PipelinesConfig.FileName)!).Environments.Single(e => e.Name == environmentName);
        var files = Blobs(head.Tree, "").Select(b => b.Path).Where(p => p.StartsWith(environment.Path + "/", StringComparison.Ordinal) && p.EndsWith(".yaml", StringComparison.Ordinal));
        return Workloads(head, environment, files).Values.SelectMany(w => w.Containers.Select(c => (Key: (w.Id, c.Name), c.Image)))
            .ToDictionary(x => x.Key, x => x.Image);
    }
}
