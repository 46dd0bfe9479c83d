using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.Releases;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

/// <summary>
/// The cluster side: V1's SetImage, and the views and repairs every stage needs (ListServices, Sync, Diff).
/// Works against any cluster through KubernetesClient.
/// </summary>
public sealed class KubernetesTargets : ConfigRepoParameters
{
    [Parameter("The namespace (SetImage: of a --service without one, default: the kubeconfig context's, else default; ListServices: the one to list).")]
    public string? Namespace { get; set; }

    [Parameter("SetImage: when the rollout fails, undo it (kubectl rollout undo) and wait for the previous revision.")]
    public bool RollbackOnFailure { get; set; }

    [Parameter("Sync: delete objects labelled with the environment that git no longer has.")]
    public bool Prune { get; set; }

    [Parameter("Sync: instead of applying, record the live images of drifted workloads in the config repo (one commit).")]
    public bool Adopt { get; set; }

    [Parameter("Show what would change without changing anything (Sync: a server-side dry run).")]
    public bool DryRun { get; set; }

    public Target SetImage => _ => _
        .Description("V1: sets a container's image on a live workload (like kubectl set image) and waits for the rollout; without --image, what PushImage pushed.")
        .Requires(() => Service)
        .Executes(async () =>
        {
            var image = Image ?? Docker.PushedImage.Read(Context.TempDirectory)?.Reference
                ?? throw new UsageException("--image is required (or run PushImage first in the same job: it writes .nuke/temp/image.json, which SetImage reads).");
            if (Image is null) Log.Info($"Setting the image PushImage pushed: {image} (from {Docker.PushedImage.PathIn(Context.TempDirectory)}).");
            var (client, cluster) = ConnectToCluster(Namespace);
            var workload = await FindWorkloadAsync(client, cluster.Namespace, Service is [var one] ? one : throw new UsageException("SetImage sets the image of one workload; give one --service."));
            var live = (await new LiveWorkloads(new KubeApi(client)).GetAsync(workload))!;
            var containers = live.Containers.Where(c => !c.IsInit).ToList();
            var container = Container ?? (containers.Count == 1 ? containers[0].Name
                : throw new UsageException($"{workload.Id} has {containers.Count} containers ({string.Join(", ", containers.Select(c => c.Name))}); name one with --container."));
            var before = await KubeErrors.Explain($"Setting the image of {workload.Id}", () => ImageSetter.SetAsync(new KubeApi(client), workload, container, image));
            if (before == image)
            {
                Log.Info($"{workload.Id} container {container} already runs {image}.");
            }
            else
            {
                Log.Info($"{workload.Id} container {container}: {before} -> {image}");
            }
            var result = await new RolloutWaiter(client, Log, FailureGrace).WaitAsync(workload.Id, RolloutTimeout);
            if (result.Outcome == RolloutOutcome.Failed && RollbackOnFailure && workload.Kind == "deployment")
            {
                var revision = await KubeErrors.Explain($"Undoing the rollout of {workload.Id}", () => RolloutUndo.UndoAsync(client, workload));
                Log.Warn($"Rolled {workload.Id} back to revision {revision}; waiting for it.");
                var undo = await new RolloutWaiter(client, Log, FailureGrace).WaitAsync(workload.Id, RolloutTimeout);
                Context.Results.WriteLine($"{workload.Id} {container}: rollout of {image} failed ({result.Reason}); rolled back to revision {revision}" +
                    (undo.Outcome == RolloutOutcome.Succeeded ? "." : $", which did not finish either: {undo.Reason}"));
                throw new BuildFailure($"the rollout of {image} to {workload.Id} failed and was undone: {result.Reason}");
            }
            switch (result.Outcome)
            {
                case RolloutOutcome.Succeeded:
                    Context.Results.WriteLine($"{workload.Id} {container}: {before} -> {image}, rolled out.");
                    break;
                case RolloutOutcome.TimedOut:
                    throw new BuildFailure($"{workload.Id} runs {image} in its spec, but the rollout is still pending: {result.Reason}");
                default:
                    throw new BuildFailure($"the rollout of {image} to {workload.Id} failed: {result.Reason}" +
                        (workload.Kind == "deployment" ? $". Undo it with --rollback-on-failure next time, or now: kubectl rollout undo deployment/{workload.Name} -n {workload.Namespace}" : ""));
            }
        });

    public Target ListServices => _ => _
        .Description("Lists live workloads: SERVICE, CONTAINER, IMAGE, READY (like fluxctl list-workloads); with --environment also RELEASE (newest allowed image) and POLICY.")
        .Executes(async () =>
        {
            IReadOnlyList<ServiceRow> rows;
            var withPolicy = Environment is not null;
            if (Environment is not null)
            {
                using var snapshot = await OpenConfigRepository().ReadAsync();
                var environment = ReadEnvironment(snapshot);
                var scan = EnvironmentScan.Read(snapshot, environment);
                var cluster = (KubernetesEnvironmentCluster)OpenCluster(environment);
                var workloads = await KubeErrors.Explain($"Listing the workloads of {environment.Name}",
                    () => cluster.ListAsync(scan.Workloads.Select(w => w.Namespace).Append(environment.Namespace).Distinct().ToList()));
                rows = ServiceListing.Rows(workloads, scan, await TagsAsync(scan));
            }
            else
            {
                var (client, cluster) = ConnectToCluster(Namespace);
                var ns = cluster.Namespace;
                rows = ServiceListing.Rows(await KubeErrors.Explain($"Listing the workloads of namespace {ns}", () => new LiveWorkloads(new KubeApi(client)).ListAsync(ns)), null, null);
            }
            if (Output == OutputFormat.Json) Context.Results.WriteLine(ServiceListing.Json(rows, withPolicy));
            else foreach (var line in ServiceListing.Text(rows, withPolicy)) Context.Results.WriteLine(line);
        });

    // RELEASE is a nicety: a registry that cannot be asked leaves it empty, with a warning, rather than failing the listing.
    private async Task<Func<string, IReadOnlyList<Images.TaggedImage>?>?> TagsAsync(EnvironmentScan scan)
    {
        try
        {
            var facts = await Registry().ReadAsync(scan.Workloads.SelectMany(w => w.Containers.Select(c => c.Image)), []);
            return facts.TagsOf;
        }
        catch (Exception e) when (e is BuildFailure or Pipelines.Registry.RegistryException)
        {
            Log.Warn($"RELEASE is unknown: {e.Message}");
            return null;
        }
    }

    public Target Sync => _ => _
        .Description("Applies everything under an environment's path (a deleted cluster is rebuilt from git); --prune deletes what git no longer has; --adopt records drifted live images in git instead.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Executes(async () =>
        {
            if (Adopt)
            {
                await AdoptAsync();
                return;
            }
            using var snapshot = await OpenConfigRepository().ReadAsync();
            var environment = ReadEnvironment(snapshot);
            KubernetesEnvironmentCluster.RefuseKustomize(snapshot, environment);
            var cluster = (KubernetesEnvironmentCluster)OpenCluster(environment);
            var objects = EnvironmentObjects.Read(snapshot, environment);
            Log.Info($"Applying {objects.Count} objects of {environment.Name} ({environment.Path} at {ConfigRepository.Short(snapshot.Commit)}){(DryRun ? " as a server-side dry run" : "")}.");
            var applied = await KubeErrors.Explain($"Applying {environment.Name}", () => cluster.ApplyAsync(objects, DryRun));
            var pruned = Prune ? await new Pruner(cluster.Api, cluster.Resources, Log).PruneAsync(environment, applied, DryRun) : [];
            var changedWorkloads = applied.Where(a => a.Action != ApplyAction.Unchanged && WorkloadRef.Kinds.Contains(a.Source.Kind.ToLowerInvariant()))
                .Select(a => $"{a.Namespace}:{a.Source.Kind.ToLowerInvariant()}/{a.Source.Name}").ToList();
            var rollouts = DryRun || changedWorkloads.Count == 0 ? [] : await cluster.WaitAsync(changedWorkloads);
            var counts = string.Join(", ", Enum.GetValues<ApplyAction>().Select(action => $"{applied.Count(a => a.Action == action)} {action.ToString().ToLowerInvariant()}"));
            Context.Results.WriteLine($"Sync of {environment.Name} at {ConfigRepository.Short(snapshot.Commit)}{(DryRun ? " (dry run)" : "")}: {counts}" + (Prune ? $", {pruned.Count} pruned" : "") + ".");
            foreach (var line in pruned) Context.Results.WriteLine($"  pruned {line}");
            var failed = rollouts.Where(r => r.Outcome != RolloutOutcome.Succeeded).ToList();
            if (failed.Count > 0)
            {
                throw new BuildFailure($"applied, but {failed.Count} rollout(s) did not finish: {string.Join("; ", failed.Select(f => $"{f.Workload}: {f.Reason}"))}");
            }
        });

    /// <summary>
    /// Sync --adopt: the other way round from Sync. Someone rolled back or patched out of band; instead of
    /// undoing it, write what runs into the config repo, so that git is true again (one commit, action adopt).
    /// </summary>
    private async Task AdoptAsync()
    {
        var repository = OpenConfigRepository();
        using var first = await repository.ReadAsync();
        var environment = ReadEnvironment(first);
        var cluster = (KubernetesEnvironmentCluster)OpenCluster(environment);
        var drift = await KubeErrors.Explain($"Comparing {environment.Name} with its cluster", () => DriftReader.ReadAsync(cluster, first, environment));
        var live = drift.Images.Where(d => d.Live is not null).ToList();
        if (live.Count == 0)
        {
            Context.Results.WriteLine($"{environment.Name}: no live image differs from the config repo; nothing to adopt.");
            return;
        }
        var release = ReleaseId.New(DateTimeOffset.UtcNow);
        var result = await repository.UpdateAsync(snapshot =>
        {
            var scan = EnvironmentScan.Read(snapshot, environment);
            var edits = new Dictionary<string, string>();
            var changes = new List<ContainerChange>();
            foreach (var adopted in live)
            {
                var workload = scan.Workloads.FirstOrDefault(w => w.Id == adopted.Workload);
                if (workload is null) continue;   // removed from git meanwhile: nothing to record it in
                var text = edits.GetValueOrDefault(workload.File) ?? snapshot.ReadText(workload.File)!;
                var (edited, changed) = ImageEdit.SetImage(text, workload.File, workload.Id, adopted.Container, adopted.Live!, environment.Namespace);
                edits[workload.File] = edited;
                changes.AddRange(changed.Select(c => new ContainerChange(c.Workload, c.Container, c.From, c.To)));
            }
            if (changes.Count == 0) return null;
            var message = new ReleaseCommitMessage($"Adopt the live images of {changes.Select(c => c.Workload).Distinct().Count()} workload(s) in {environment.Name}",
                ReleaseAction.Adopt, release, environment.Name, changes, repository.Options.Identity.Cause);
            return new ConfigChange(edits.Select(e => new FileEdit(e.Key, e.Value)).ToList(), message);
        }, OpenLock(repository), readJustNow: first);
        Context.Results.WriteLine(result.Pushed
            ? $"{environment.Name}: adopted {live.Count} live image(s) in commit {ConfigRepository.Short(result.Commit)}:"
            : $"{environment.Name}: nothing left to adopt.");
        foreach (var adopted in live) Context.Results.WriteLine($"  {adopted.Workload} {adopted.Container}: {adopted.Desired} -> {adopted.Live}");
    }

    public Target Diff => _ => _
        .Description("Shows where the cluster differs from the config repo: live images that drifted, and objects missing on either side.")
        .Requires(() => ConfigRepo)
        .Requires(() => Environment)
        .Executes(async () =>
        {
            using var snapshot = await OpenConfigRepository().ReadAsync();
            var environment = ReadEnvironment(snapshot);
            var cluster = (KubernetesEnvironmentCluster)OpenCluster(environment);
            var drift = await KubeErrors.Explain($"Comparing {environment.Name} with its cluster",
                () => DriftReader.ReadAsync(cluster, snapshot, environment));
            if (Output == OutputFormat.Json) Context.Results.WriteLine(DriftReport.Json(drift));
            else foreach (var line in DriftReport.Text(drift)) Context.Results.WriteLine(line);
        });

    private EnvironmentConfig ReadEnvironment(ConfigSnapshot snapshot)
    {
        var text = snapshot.ReadText(PipelinesConfig.FileName)
            ?? throw new BuildFailure($"{ConfigRepo} has no {PipelinesConfig.FileName} at {ConfigBranch}; see docs/config-repo.md for its format.");
        try
        {
            return PipelinesConfig.Parse(text).Environment(Environment!);
        }
        catch (ManifestException e) when (e.Message.Contains("no environment", StringComparison.Ordinal))
        {
            throw new UsageException($"--environment {Environment}: {e.Message}");
        }
    }

    /// <summary><c>name</c>, <c>namespace/name</c> or the id; the kind is looked up when not given.</summary>
    private async Task<WorkloadRef> FindWorkloadAsync(k8s.Kubernetes client, string defaultNamespace, string service)
    {
        if (service.Contains(':')) return WorkloadRef.Parse(service);
        var slash = service.IndexOf('/');
        var ns = slash > 0 ? service[..slash] : defaultNamespace;
        var name = slash > 0 ? service[(slash + 1)..] : service;
        var live = await KubeErrors.Explain($"Looking for {service} in namespace {ns}", () => new LiveWorkloads(new KubeApi(client)).ListAsync(ns));
        var matches = live.Where(w => WorkloadRef.Parse(w.Id).Name == name).ToList();
        return matches.Count switch
        {
            1 => WorkloadRef.Parse(matches[0].Id),
            0 => throw new UsageException($"--service {service}: no {string.Join(", ", WorkloadKinds.All.SkipLast(1).Select(k => k.Kind))} or {WorkloadKinds.All[^1].Kind} named {name} in namespace {ns}." +
                (live.Count > 0 ? $" There are: {string.Join(", ", live.Select(w => WorkloadRef.Parse(w.Id).Name).Take(15))}." : " Pass --namespace, or namespace/name.")),
            _ => throw new UsageException($"--service {service} matches {string.Join(", ", matches.Select(m => m.Id))}; name one by its id."),
        };
    }
}
