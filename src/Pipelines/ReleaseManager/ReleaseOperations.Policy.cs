using Pipelines.ConfigRepo;
using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>One commit changing annotations of the named workloads; the commit says who (the caller) and why (the message).
    /// A change already there commits nothing.</summary>
    public Task<ReleaseReport> ChangePolicyAsync(OperationOptions options, PolicyChange change, IReadOnlyList<string> services, CancellationToken cancellationToken = default)
    {
        switch (change.Action)
        {
            case ReleaseAction.Lock when string.IsNullOrWhiteSpace(options.Message):
                throw new PipelinesException(FaultKind.Usage, "A lock says why: give a message (--message).");
            case ReleaseAction.Policy when change.TagFilter is null:
                throw new PipelinesException(FaultKind.Usage, "A policy change names the tag filter (--tag-filter).");
            case ReleaseAction.Policy:
                try
                {
                    TagPolicy.Parse(change.TagFilter);
                }
                catch (TagPolicyException e)
                {
                    throw new PipelinesException(FaultKind.Usage, $"--tag-filter: {e.Message}");
                }
                break;
            case var action when !PolicyChange.Actions.Contains(action):
                throw new ArgumentException($"{action} is not a policy change.", nameof(change));
        }
        return RunAsync(options, change.Action, (run, first) =>
        {
            // Names are checked on the first read, so a typo is a usage error before any lock.
            _ = services.Select(Read(run, first, applied: false).Scan.Resolve).ToList();
            return Task.FromResult<Func<ConfigSnapshot, PlannedChange>>(snapshot => PlanPolicy(run, snapshot, change, services));
        }, applies: false, cancellationToken: cancellationToken);
    }

    private PlannedChange PlanPolicy(Run run, ConfigSnapshot snapshot, PolicyChange change, IReadOnlyList<string> services)
    {
        var message = run.Options.Message;
        var (annotations, outcome) = change.Action switch
        {
            ReleaseAction.Lock => (new Func<Workload, IReadOnlyList<(string, string?)>>(_ => PolicyEdit.Lock(run.Caller.Name, message!)), $"locked: {message}"),
            ReleaseAction.Unlock => (_ => PolicyEdit.Unlock(), "unlocked"),
            ReleaseAction.Automate => (_ => PolicyEdit.Automate(true), "automated"),
            ReleaseAction.Deautomate => (_ => PolicyEdit.Automate(false), "not automated"),
            _ => (workload => PolicyEdit.TagFilter(PolicyContainer(workload, change.Container), change.TagFilter!), $"tag filter {change.TagFilter}"),
        };
        var (environment, scan) = Read(run, snapshot, applied: false);
        var named = services.Select(scan.Resolve).Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        var editor = new ManifestEditor(snapshot.ReadText);
        var plan = new List<PlannedWorkload>();
        foreach (var workload in scan.Workloads)
        {
            if (!named.Contains(workload.Id))
            {
                plan.Add(PlannedWorkload.Skip(workload, SkipReason.NotIncluded));
                continue;
            }
            var changed = PolicyEdit.Apply(editor, workload, annotations(workload));
            plan.Add(changed
                ? new PlannedWorkload(workload, new WorkloadResult(workload.Id, WorkloadStatus.Success, outcome, []))
                : PlannedWorkload.Skip(workload, SkipReason.UpToDate));
        }
        var changedNames = plan.Where(p => p.Result.Status == WorkloadStatus.Success).Select(p => $"{p.Workload.Namespace}/{p.Workload.Name}").ToList();
        if (changedNames.Count == 0) return new PlannedChange(environment, plan, null);
        var subject = $"{change.Action} {string.Join(", ", changedNames)} in {environment.Name}" +
            (change.Action == ReleaseAction.Policy ? $": {change.TagFilter}" : message is null ? "" : $": {message}");
        var touched = plan.Where(p => p.Result.Status == WorkloadStatus.Success).Select(p => p.Workload.Id).ToList();
        var commit = new ReleaseCommitMessage(subject, change.Action, run.Executor.Release, environment.Name, [], run.Caller.Cause, Body: message, Workloads: touched);
        return new PlannedChange(environment, plan, new ConfigChange(editor.Edits(), commit));
    }

    private static string PolicyContainer(Workload workload, string? container)
    {
        var containers = workload.Containers.Where(c => !c.IsInit).Select(c => c.Name).ToList();
        if (container is null)
        {
            return containers.Count == 1 ? containers[0]
                : throw new PipelinesException(FaultKind.Usage, $"{workload.Id} has {containers.Count} containers ({string.Join(", ", containers)}); name one with --container.");
        }
        return workload.Containers.Any(c => c.Name == container) ? container
            : throw new PipelinesException(FaultKind.Usage, $"--container {container}: {workload.Id} has no such container; its containers: {string.Join(", ", workload.Containers.Select(c => c.Name))}.");
    }
}
