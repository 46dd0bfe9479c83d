using System.Text.Json;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using k8s;
using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Releases;
using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// The cluster side: V1's SetImage, and the views and repairs every stage needs (ListServices, Sync, Diff).
/// Works against any cluster through KubernetesClient.
/// </summary>
public sealed class KubernetesTargets : ProductTargetSet,
    IClusterParameters, ILiveWorkloadParameters, IWorkloadParameters, IImageParameters, ISyncParameters, IConfigRepoParameters, IRegistryParameters,
    IChangeParameters, INotificationParameters, IOutputParameters, IDeadlineParameters
{
    private IConfigRepoParameters Config => this;
    private IClusterParameters Cluster => this;
    private ILiveWorkloadParameters Live => this;
    private IWorkloadParameters Workloads => this;
    private IImageParameters Images => this;

    public Target SetImage => _ => _
        .Group(Stages.V1)
        .Example("./build.sh BuildImage PushImage SetImage -s carts -n sock-shop", "the whole V1 job: build, push, deploy what was pushed")
        .Example("./build.sh SetImage -s sock-shop/carts --image registry.example.com/shop/carts:1.4.2 --rollback-on-failure true")
        .Description("Sets a container's image on a live workload (like kubectl set image) and waits for the rollout; without --image, what PushImage pushed.")
        .Requires(() => Workloads.Service)
        .Executes(async () =>
        {
            var image = Images.Image ?? Docker.PushedImage.Read(Context.TempDirectory)?.Reference
                ?? throw new UsageException("--image is required (or run PushImage first in the same job: it writes .nuke/temp/image.json, which SetImage reads).");
            if (Images.Image is null) Log.Info($"Setting the image PushImage pushed: {image} (from {Docker.PushedImage.PathIn(Context.TempDirectory)}).");
            // Checked before the cluster is looked for: a bad value is the caller's mistake, whatever the cluster says.
            ImageParameter.Parse(image);
            var (client, cluster) = ConnectToCluster(Live.Namespace);
            var workload = await FindWorkloadAsync(client, cluster.Namespace, Workloads.Service is [var one] ? one : throw new UsageException("SetImage sets the image of one workload; give one --service."));
            var live = (await new LiveWorkloads(new KubeApi(client)).GetAsync(workload))!;
            var containers = live.Containers.Where(c => !c.IsInit).ToList();
            var container = Workloads.Container ?? (containers.Count == 1 ? containers[0].Name
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
            var result = await new RolloutWaiter(client, Progress, Cluster.FailureGrace).WaitAsync(workload.Id, Cluster.RolloutTimeout);
            var setImage = new SetImageResult(workload.Id, container, before, image, result);
            if (result.Outcome == RolloutOutcome.Failed && Live.RollbackOnFailure && workload.Kind == "deployment")
            {
                var revision = await KubeErrors.Explain($"Undoing the rollout of {workload.Id}", () => RolloutUndo.UndoAsync(client, workload));
                Log.Warn($"Rolled {workload.Id} back to revision {revision}; waiting for it.");
                var undo = await new RolloutWaiter(client, Progress, Cluster.FailureGrace).WaitAsync(workload.Id, Cluster.RolloutTimeout);
                Context.Results.WriteLine(JsonOutput ? (setImage with { RolledBackTo = revision, Undo = undo }).Json()
                    : $"{workload.Id} {container}: rollout of {image} failed ({result.Reason}); rolled back to revision {revision}" +
                    (undo.Outcome == RolloutOutcome.Succeeded ? "." : $", which did not finish either: {undo.Reason}"));
                throw new BuildFailure($"the rollout of {image} to {workload.Id} failed and was undone: {result.Reason}");
            }
            if (JsonOutput) Context.Results.WriteLine(setImage.Json());
            switch (result.Outcome)
            {
                case RolloutOutcome.Succeeded:
                    if (!JsonOutput) Context.Results.WriteLine($"{workload.Id} {container}: {before} -> {image}, rolled out.");
                    break;
                case RolloutOutcome.TimedOut:
                    throw new BuildFailure($"{workload.Id} runs {image} in its spec, but the rollout is still pending: {result.Reason}");
                default:
                    throw new BuildFailure($"the rollout of {image} to {workload.Id} failed: {result.Reason}" +
                        (workload.Kind == "deployment" ? $". Undo it with --rollback-on-failure next time, or now: kubectl rollout undo deployment/{workload.Name} -n {workload.Namespace}" : ""));
            }
        });

    public Target ListServices => _ => _
        .Group(Stages.Inspect)
        .Example("./build.sh ListServices -n sock-shop")
        .Example("./build.sh ListServices --config-repo git@git.example.com:platform/config.git -e production", "with each workload's newest allowed image and policy")
        .Description("Lists live workloads: SERVICE, CONTAINER, IMAGE, READY (like fluxctl list-workloads); with --environment also RELEASE (newest allowed image) and POLICY.")
        .Executes(async () =>
        {
            IReadOnlyList<ServiceRow> rows;
            var withPolicy = Workloads.Environment is not null;
            if (Workloads.Environment is not null)
            {
                // What runs is the point: the cluster is read even with --apply false.
                var status = await new ReleaseOperations(Connections().Settings(Progress) with { OpenCluster = OpenCluster }, Progress).StatusAsync(Workloads.Environment!);
                foreach (var warning in status.Warnings) Log.Warn(warning);
                if (status.ClusterFailure is { } cluster) ExceptionDispatchInfo.Throw(KubeErrors.Explained($"Listing the workloads of {status.Environment}", cluster));
                // RELEASE is a nicety: a registry that cannot be asked leaves it empty, with a warning, rather than failing the listing.
                if (status.RegistryFailure is Pipelines.Registry.RegistryException registry) Log.Warn($"RELEASE is unknown: {registry.Message}");
                else if (status.RegistryFailure is { } failure) ExceptionDispatchInfo.Throw(failure);
                else if (status.PolicyFailure is { } policy) ExceptionDispatchInfo.Throw(policy);
                rows = status.Running;
            }
            else
            {
                var (client, cluster) = ConnectToCluster(Live.Namespace);
                var ns = cluster.Namespace;
                rows = ServiceListing.Rows(await KubeErrors.Explain($"Listing the workloads of namespace {ns}", () => new LiveWorkloads(new KubeApi(client)).ListAsync(ns)));
            }
            if (JsonOutput) Context.Results.WriteLine(Documents.ResultWriter.Json(StatusDocuments.ServiceList(rows, withPolicy)));
            else foreach (var line in ServiceListing.Text(rows, withPolicy, Output, TableWidth)) Context.Results.WriteLine(line);
        });

    public Target Sync => _ => _
        .Group(Stages.V2)
        .Example("./build.sh Sync --config-repo git@git.example.com:platform/config.git -e staging", "apply what git says, under the global lock")
        .Example("./build.sh Sync --config-repo git@git.example.com:platform/config.git -e staging --prune true")
        .Description("Applies everything under an environment's path under the global lock (a deleted cluster is rebuilt from git); --prune deletes what git no longer has; --adopt records drifted live images in git instead.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Executes(async () =>
        {
            var sync = (ISyncParameters)this;
            await PrintReportAsync(await Operations().SyncAsync(OperationOptions(), new SyncRequest(sync.Prune, sync.Adopt)));
        });

    public Target Diff => _ => _
        .Group(Stages.V2)
        .Example("./build.sh Diff --config-repo git@git.example.com:platform/config.git -e production", "exit 1 when the cluster drifted from git")
        .Description("Shows where the cluster differs from the config repo: live images that drifted, and objects missing on either side. Exit 0: no drift; 1: drift (as kubectl diff); 2: usage error.")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => Workloads.Environment)
        .Executes(async () =>
        {
            var repository = OpenConfigRepository();
            using var snapshot = await repository.ReadAsync();
            var environment = EnvironmentReader.Environment(repository, snapshot, Workloads.Environment!);
            var cluster = OpenCluster(environment);
            var drift = await KubeErrors.Explain($"Comparing {environment.Name} with its cluster",
                () => DriftReader.ReadAsync(cluster, snapshot, environment));
            if (JsonOutput) Context.Results.WriteLine(DriftReport.Json(drift));
            else foreach (var line in DriftReport.Text(drift, Output, TableWidth)) Context.Results.WriteLine(line);
            // As kubectl diff: a CI job can fail on drift. Exit 2 stays for usage errors.
            if (!drift.IsEmpty) throw new BuildFailure($"{environment.Name} has drifted from the config repo (see above); Sync re-applies git, Sync --adopt records what runs.");
        });

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
