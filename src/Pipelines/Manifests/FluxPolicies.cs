using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// The Flux <c>ImagePolicy</c> and <c>ImageRepository</c> objects markers name, found in the config repo: first among the files
/// the environment already reads, then — only when a marker names one not found there — anywhere in the repository (Flux repos
/// keep them beside the cluster's other Flux objects). Pure over the files given.
/// </summary>
internal static class FluxPolicies
{
    public static (Dictionary<string, FluxImagePolicy> Policies, Dictionary<string, string> Repositories) Find(RepoFiles files, IEnumerable<string> near,
        IReadOnlyCollection<string> wanted, string defaultNamespace)
    {
        var policies = new Dictionary<string, FluxImagePolicy>(StringComparer.Ordinal);
        var repositories = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Read(string path)
        {
            if (!seen.Add(path) || !IsYaml(path) || files.SizeOf(path) > EnvironmentScan.MaxFileSize) return;
            var text = files.ReadText(path);
            if (text is null || !text.Contains("image.toolkit.fluxcd.io/", StringComparison.Ordinal) || text.Contains("{{", StringComparison.Ordinal)) return;
            foreach (var document in files.Documents(path, text).OfType<YamlMapping>())
            {
                if (FluxImagePolicy.IsImagePolicy(document))
                {
                    var policy = FluxImagePolicy.Read(document, path, defaultNamespace);
                    policies.TryAdd(policy.Key, policy);
                }
                else if (FluxImagePolicy.IsImageRepository(document) && FluxImagePolicy.ReadRepository(document, defaultNamespace) is var (key, image))
                {
                    repositories.TryAdd(key, image);
                }
            }
        }
        foreach (var path in near) Read(path);
        if (wanted.Any(w => !policies.ContainsKey(w)) || policies.Values.Any(p => !repositories.ContainsKey($"{p.RepositoryNamespace}:{p.RepositoryName}")))
        {
            foreach (var path in files.FilesUnder("")) Read(path);
        }
        return (policies, repositories);
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
}
