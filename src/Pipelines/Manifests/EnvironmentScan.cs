using Pipelines.Config;
using Pipelines.ConfigRepo;

namespace Pipelines.Manifests;

/// <summary>Every workload of one environment, read from a config repo snapshot. Files that are not YAML
/// (Helm templates) are skipped with a warning naming them; two workloads with one id are an error naming both files.</summary>
public sealed record EnvironmentScan(EnvironmentConfig Environment, IReadOnlyList<Workload> Workloads, IReadOnlyList<string> Warnings)
{
    /// <summary>Image pointers of kustomization files; an environment with any is rendered by kustomize.</summary>
    public IReadOnlyList<KustomizeImage> KustomizeImages { get; init; } = [];

    public const long MaxFileSize = 10 * 1024 * 1024;

    public static EnvironmentScan Read(ConfigSnapshot snapshot, EnvironmentConfig environment)
    {
        var workloads = new List<Workload>();
        var warnings = new List<string>();
        var pointers = new List<KustomizeImage>();
        foreach (var path in snapshot.Files(environment.Path).Where(p => IsYaml(p) || KustomizeImage.IsKustomization(p)))
        {
            if (snapshot.SizeOf(path) > MaxFileSize)
            {
                throw new ManifestException(path, 0, 0, $"is larger than {MaxFileSize / 1024 / 1024} MiB; manifests that large are refused. Split it.");
            }
            var text = snapshot.ReadText(path)!;
            if (text.Contains("{{", StringComparison.Ordinal))
            {
                warnings.Add($"{path}: skipped, it is a template ({{{{ … }}}}), not YAML.");
                continue;
            }
            if (KustomizeImage.IsKustomization(path))
            {
                pointers.AddRange(KustomizeImage.Read(path, text));
                continue;
            }
            foreach (var workload in WorkloadReader.Read(path, text, environment.Namespace))
            {
                var twin = workloads.FirstOrDefault(w => w.Id == workload.Id);
                if (twin is not null)
                {
                    throw new ManifestException(path, workload.Line, 0, $"{workload.Id} is also defined in {twin.File}:{twin.Line}; a workload must be defined once per environment.");
                }
                workloads.Add(workload);
            }
        }
        return new EnvironmentScan(environment, workloads, warnings) { KustomizeImages = pointers };
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Resolves <c>--service</c> (<c>name</c>, <c>namespace/name</c> or the id) to one workload.</summary>
    public Workload Resolve(string service)
    {
        var matches = Workloads.Where(w => Releases.WorkloadName.Matches(w.Id, service)).ToList();
        if (matches.Count == 1) return matches[0];
        if (matches.Count > 1)
        {
            throw new Faults.PipelinesException(Faults.FaultKind.Usage, $"--service {service} matches {matches.Count} workloads in {Environment.Name}: {string.Join(", ", matches.Select(m => m.Id))}. Name one of them.");
        }
        var near = Targets.NameSuggestions.Closest(service, Workloads.Select(w => w.Name).Distinct());
        throw new Faults.PipelinesException(Faults.FaultKind.NotFound, $"--service {service}: no such workload in {Environment.Name} ({Environment.Path})." +
            (near.Count > 0 ? $" Did you mean {string.Join(" or ", near)}?" : $" Workloads: {string.Join(", ", Workloads.Select(w => w.Id).Take(20))}."));
    }
}
