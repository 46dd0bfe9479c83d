using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Kubernetes;
using Pipelines.Manifests;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>The environments of pipelines.yaml, as the config branch has them now.</summary>
    public async Task<IReadOnlyList<EnvironmentConfig>> EnvironmentsAsync(CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        using var snapshot = await repository.ReadAsync(cancellationToken);
        return EnvironmentReader.Config(repository, snapshot).Environments;
    }

    /// <summary>Asks the environment's cluster for the workloads of its namespace, to learn whether it answers: throws what
    /// the client threw when it does not. Without a cluster (<c>--apply false</c>) there is nothing to ask.</summary>
    public async Task CheckClusterAsync(EnvironmentConfig environment, CancellationToken cancellationToken = default)
    {
        if (settings.OpenCluster is not { } open) return;
        await open(environment).ListAsync([environment.Namespace], cancellationToken);
    }

    /// <summary>Every workload of an environment with its policy, desired and live images and the newest image its
    /// policy allows. The registry and the cluster are asked once each; when one cannot answer, its columns stay empty
    /// and <see cref="EnvironmentStatus.Problems"/> says why. An unknown environment is a usage error.</summary>
    public async Task<EnvironmentStatus> StatusAsync(string environmentName, CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        using var snapshot = await repository.ReadAsync(cancellationToken);
        var (environment, scan) = EnvironmentReader.Read(repository, snapshot, environmentName);
        var problems = new List<string>(scan.Warnings);

        var facts = RegistryFacts.None;
        try
        {
            facts = await Registry().ReadAsync(scan.Workloads.SelectMany(w => w.Containers).Select(c => c.Image), [], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            problems.Add($"registry: {e.Message}");
        }

        var live = new Dictionary<string, LiveWorkload>(StringComparer.Ordinal);
        if (settings.OpenCluster is { } open)
        {
            try
            {
                var namespaces = scan.Workloads.Select(w => w.Namespace).Append(environment.Namespace).Distinct().ToList();
                foreach (var workload in await open(environment).ListAsync(namespaces, cancellationToken)) live[workload.Id] = workload;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"cluster of {environment.Name}: {e.Message}");
            }
        }

        var rejections = snapshot.Rejections(environment.Name);
        var services = new List<ServiceStatus>();
        foreach (var workload in scan.Workloads)
        {
            var policy = WorkloadPolicy.Of(workload, environment);
            IReadOnlyList<ContainerAvailability> available;
            try
            {
                available = AvailableImage.ForWorkload(workload, environment, facts.TagsOf, rejections);
            }
            catch (Images.TagPolicyException e)
            {
                problems.Add($"{workload.Id}: {e.Message}");
                available = workload.Containers.Select(c => new ContainerAvailability(c.Name, c.Image, null, policy.TagFilterFor(c.Name, environment))).ToList();
            }
            var running = live.GetValueOrDefault(workload.Id);
            var containers = available.Select(a => new ContainerStatus(a.Container, a.Current,
                running?.Containers.FirstOrDefault(c => c.Name == a.Container)?.Image, a.TagFilter, a.HasUpdate ? a.Newest : null,
                rejections.OfRepository(a.Current), a.PassedOver)).ToList();
            services.Add(new ServiceStatus(workload, policy, containers, running is null ? null : $"{running.Ready}/{running.Desired}", running?.Rollout.Message));
        }
        return new EnvironmentStatus(environment.Name, snapshot.Commit, services, problems);
    }

    /// <summary>The tool's commits, newest first, read from their trailers (as the History target).</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string? environment, string? service, int limit, CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        return await ConfigHistory.ReadAsync(repository.Cache, repository.Options.Branch, environment,
            service is null ? null : workload => WorkloadName.Matches(workload, service), limit, cancellationToken);
    }

    /// <summary>The workloads of an environment as the config branch has them now; null when there is no such environment.</summary>
    public async Task<IReadOnlyList<Workload>?> WorkloadsAsync(string environmentName, CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        using var snapshot = await repository.ReadAsync(cancellationToken);
        var environment = EnvironmentReader.Config(repository, snapshot).Environments.FirstOrDefault(e => e.Name == environmentName);
        return environment is null ? null : EnvironmentScan.Read(snapshot, environment).Workloads;
    }
}
