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

    /// <summary>Who may do what in which environment (<c>access:</c> of pipelines.yaml), as the config branch has it now.</summary>
    public async Task<AccessRules> AccessAsync(CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        using var snapshot = await repository.ReadAsync(cancellationToken);
        return EnvironmentReader.Config(repository, snapshot).Access;
    }

    /// <summary>Asks the environment's cluster for the workloads of its namespace, to learn whether it answers: throws what
    /// the client threw when it does not. Without a cluster (<c>--apply false</c>) there is nothing to ask.</summary>
    public async Task CheckClusterAsync(EnvironmentConfig environment, CancellationToken cancellationToken = default)
    {
        if (settings.OpenCluster is not { } open) return;
        await open(environment).ListAsync([environment.Namespace], cancellationToken);
    }

    /// <summary>Every workload of an environment with its policy, desired and live images and the newest image its
    /// policy allows, and what runs in its namespaces (<see cref="ServiceListing"/>). The registry and the cluster are asked once
    /// each; when one cannot answer, its columns stay empty and <see cref="EnvironmentStatus.Problems"/> says why (the exception
    /// is kept too, for a view that cannot do without it). An unknown environment is a usage error.</summary>
    public async Task<EnvironmentStatus> StatusAsync(string environmentName, CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        using var snapshot = await repository.ReadAsync(cancellationToken);
        var (environment, scan) = EnvironmentReader.Read(repository, snapshot, environmentName);
        var problems = new List<string>(scan.Warnings);
        var rejections = snapshot.Rejections(environment.Name);

        var facts = RegistryFacts.None;
        Exception? registryFailure = null;
        try
        {
            facts = await Registry().ReadAsync(scan.Workloads.SelectMany(w => TagQuestions(w, environment)).Select(q => q.Question), [],
                rejections, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            registryFailure = e;
            problems.Add($"registry: {e.Message}");
        }

        IReadOnlyList<LiveWorkload>? live = null;
        Exception? clusterFailure = null;
        if (settings.OpenCluster is { } open)
        {
            try
            {
                var namespaces = scan.Workloads.Select(w => w.Namespace).Append(environment.Namespace).Distinct().ToList();
                live = await open(environment).ListAsync(namespaces, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                clusterFailure = e;
                problems.Add($"cluster of {environment.Name}: {e.Message}");
            }
        }

        return ServiceListing.Of(environment, snapshot.Commit, scan, live, facts.TagsOf, rejections, problems)
            with { RegistryFailure = registryFailure, ClusterFailure = clusterFailure };
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
        return environment is null ? null : EnvironmentScan.Read(snapshot.AsRepoFiles(), environment).Workloads;
    }
}
