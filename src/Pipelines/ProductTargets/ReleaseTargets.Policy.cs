using Pipelines.ConfigRepo;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

public sealed partial class ReleaseTargets
{
    // "new": the target Lock hides the --lock parameter's property (LockKind) of ConfigRepoParameters in C# only;
    // the runner finds parameters and targets by type, and OpenLock still reads the parameter.
    public new Target Lock => _ => _
        .Description("V3: locks workloads: releases skip them, saying who locked them and why (--message), until Unlock.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service).Requires(() => Message)
        .Executes(() => PolicyAsync(ReleaseAction.Lock, (_, _) => PolicyEdit.Lock(_repository!.Options.Identity.Name, Message!), $"locked: {Message}"));

    public Target Unlock => _ => _
        .Description("V3: unlocks workloads, so that releases and automation change them again.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service)
        .Executes(() => PolicyAsync(ReleaseAction.Unlock, (_, _) => PolicyEdit.Unlock(), "unlocked"));

    public Target Automate => _ => _
        .Description("V3: lets automation release new images to workloads (pipelines/automated: \"true\").")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service)
        .Executes(() => PolicyAsync(ReleaseAction.Automate, (_, _) => PolicyEdit.Automate(true), "automated"));

    public Target Deautomate => _ => _
        .Description("V3: stops automation releasing to workloads (pipelines/automated: \"false\"); Release still can.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service)
        .Executes(() => PolicyAsync(ReleaseAction.Deautomate, (_, _) => PolicyEdit.Automate(false), "not automated"));

    public Target Policy => _ => _
        .Description("V3: sets which tags automation may release to a container: --tag-filter semver:~1.2 | glob:master-* | regex:^v\\d+$.")
        .Requires(() => ConfigRepo).Requires(() => Environment).Requires(() => Service).Requires(() => TagFilter)
        .Executes(() =>
        {
            try
            {
                TagPolicy.Parse(TagFilter!);
            }
            catch (TagPolicyException e)
            {
                throw new UsageException($"--tag-filter: {e.Message}");
            }
            return PolicyAsync(ReleaseAction.Policy, (workload, _) => PolicyEdit.TagFilter(PolicyContainer(workload), TagFilter!), $"tag filter {TagFilter}");
        });

    private string PolicyContainer(Workload workload)
    {
        var containers = workload.Containers.Where(c => !c.IsInit).Select(c => c.Name).ToList();
        if (Container is null)
        {
            return containers.Count == 1 ? containers[0]
                : throw new UsageException($"{workload.Id} has {containers.Count} containers ({string.Join(", ", containers)}); name one with --container.");
        }
        return workload.Containers.Any(c => c.Name == Container) ? Container
            : throw new UsageException($"--container {Container}: {workload.Id} has no such container; its containers: {string.Join(", ", workload.Containers.Select(c => c.Name))}.");
    }

    /// <summary>One commit changing annotations of the named workloads; the commit says who (cause) and why (--message).</summary>
    private Task PolicyAsync(ReleaseAction action, Func<Workload, string, IReadOnlyList<(string Key, string? Value)>> annotations, string outcome) =>
        RunAsync(action, (first, executor) =>
        {
            // Names are checked on the first read, so a typo is a usage error before any lock.
            _ = Service.Select(Read(first, applied: false).Scan.Resolve).ToList();
            return Task.FromResult<Func<ConfigSnapshot, PlannedChange>>(snapshot =>
            {
                var (environment, scan) = Read(snapshot, applied: false);
                var named = Service.Select(scan.Resolve).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
                var texts = new Dictionary<string, string>(StringComparer.Ordinal);
                var plan = new List<PlannedWorkload>();
                foreach (var workload in scan.Workloads)
                {
                    if (!named.Contains(workload.Id))
                    {
                        plan.Add(PlannedWorkload.Skip(workload, SkipReason.NotIncluded));
                        continue;
                    }
                    var before = texts.GetValueOrDefault(workload.File) ?? snapshot.ReadText(workload.File)!;
                    // Re-read the workload from the text as edited so far: several named workloads may share a file.
                    var current = WorkloadReader.Read(workload.File, before, environment.Namespace).First(w => w.Id == workload.Id);
                    var after = PolicyEdit.Apply(before, current, annotations(current, environment.Name), environment.Namespace);
                    texts[workload.File] = after;
                    plan.Add(after == before
                        ? PlannedWorkload.Skip(workload, SkipReason.UpToDate)
                        : new PlannedWorkload(workload, new WorkloadResult(workload.Id, WorkloadStatus.Success, outcome, [])));
                }
                var changed = plan.Where(p => p.Result.Status == WorkloadStatus.Success).Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}").ToList();
                if (changed.Count == 0) return new PlannedChange(environment, plan, null);
                var verb = action.ToString();
                var subject = $"{verb} {string.Join(", ", changed)} in {environment.Name}" + (action == ReleaseAction.Policy ? $": {TagFilter}" : Message is null ? "" : $": {Message}");
                var message = new ReleaseCommitMessage(subject, action, executor.Release, environment.Name, [], Cause(), Body: Message);
                var edits = texts.Where(t => snapshot.ReadText(t.Key) != t.Value).Select(t => new FileEdit(t.Key, t.Value)).ToList();
                return new PlannedChange(environment, plan, new ConfigChange(edits, message));
            });
        }, applies: false);
}
