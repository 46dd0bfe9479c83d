using Pipelines.Config;
using Pipelines.ConfigRepo;
using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Manifests;

namespace Pipelines.ReleaseManager;

public sealed partial class ReleaseOperations
{
    /// <summary>
    /// <c>ListImages --service</c>: per container of each matching workload, the tags of its repository newest first, marked with
    /// what runs (as the config repo says), what its tag filter allows and what a rollback rejected. Without an environment,
    /// every environment that has a matching workload. Matching nothing is a usage error naming the workloads there are.
    /// </summary>
    public async Task<IReadOnlyList<ContainerImages>> ImagesAsync(string? environmentName, IReadOnlyList<string> services, string? container, int limit,
        CancellationToken cancellationToken = default)
    {
        var repository = settings.OpenRepository();
        using var snapshot = await repository.ReadAsync(cancellationToken);
        var environments = environmentName is null
            ? EnvironmentReader.Config(repository, snapshot).Environments.Select(e => e.Name).ToList()
            : [environmentName];
        var found = new List<(EnvironmentConfig Environment, Workload Workload, WorkloadContainer Container, string TagFilter, Releases.Rejections Rejections)>();
        var known = new List<string>();
        foreach (var name in environments)
        {
            var (environment, scan) = EnvironmentReader.Read(repository, snapshot, name);
            known.AddRange(scan.Workloads.Select(w => w.Id));
            var rejections = snapshot.Rejections(environment.Name);
            foreach (var workload in scan.Workloads.Where(w => services.Any(s => WorkloadName.Matches(w.Id, s))))
            {
                var policy = WorkloadPolicy.Of(workload, environment);
                foreach (var c in workload.Containers.Where(c => container is null || c.Name == container))
                {
                    found.Add((environment, workload, c, policy.TagFilterFor(c.Name, environment), rejections));
                }
            }
        }
        if (found.Count == 0)
        {
            throw new PipelinesException(FaultKind.Usage,
                $"--service {string.Join(' ', services)}{(container is null ? "" : $" --container {container}")}: no such workload{(environmentName is null ? "" : $" in {environmentName}")}. " +
                $"Workloads: {string.Join(", ", known.Distinct().Order(StringComparer.Ordinal).Take(20))}{(known.Distinct().Count() > 20 ? ", …" : "")}.");
        }
        var tags = await Registry().ListEverythingAsync(found.Select(f => f.Container.Image), cancellationToken);
        return found.Select(f => ContainerImages.Of(f.Environment.Name, f.Workload, f.Container.Name, f.Container.Image, f.TagFilter,
            ImageReference.TryParse(f.Container.Image, out var reference) ? tags.GetValueOrDefault(reference.Name) ?? [] : [], f.Rejections, limit)).ToList();
    }
}
