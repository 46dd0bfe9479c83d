using Pipelines.Config;
using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Every workload of one environment as its renderer would give it, read from a config repo snapshot: plain manifests, and
/// what the environment's kustomizations render (<see cref="KustomizeBuild"/>). Files that are not YAML (Helm templates) are
/// skipped with a warning naming them; two workloads with one id are an error naming both files.
/// </summary>
public sealed record EnvironmentScan(EnvironmentConfig Environment, IReadOnlyList<Workload> Workloads, IReadOnlyList<string> Warnings)
{
    /// <summary>Image entries of the environment's kustomization files; an environment with any is rendered by kustomize.</summary>
    public IReadOnlyList<KustomizeImage> KustomizeImages { get; init; } = [];

    /// <summary>Why the environment's files cannot be applied as they are (a renderer such as kustomize or Helm makes the
    /// manifests); null for plain manifests.</summary>
    public string? RenderedBy { get; init; }

    public const long MaxFileSize = 10 * 1024 * 1024;

    public static EnvironmentScan Read(RepoFiles files, EnvironmentConfig environment)
    {
        // Each file is looked up, read and parsed once, whichever part of the scan asks first (workloads, kustomizations, markers,
        // Applications, values): a lookup in a git tree costs as much as parsing a small file.
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var (read, size) = (files.ReadText, files.SizeOf);
        files = files with
        {
            ReadText = path => texts.TryGetValue(path, out var text) ? text : texts[path] = read(path),
            SizeOf = path => sizes.TryGetValue(path, out var bytes) ? bytes : sizes[path] = size(path),
            Parsed = new Dictionary<string, IReadOnlyList<YamlNode?>>(StringComparer.Ordinal),
        };
        // By id, in the order found: a workload's twin is found without going through every workload read before it.
        var workloads = new OrderedDictionary<string, Workload>(StringComparer.Ordinal);
        var warnings = new List<string>();
        var paths = files.FilesUnder(environment.Path).ToList();
        var kustomizationFiles = paths.Where(KustomizeImage.IsKustomization).ToList();
        var kustomizations = new Dictionary<string, Kustomization>(StringComparer.Ordinal);
        Kustomization ReadKustomization(string path)
        {
            if (!kustomizations.TryGetValue(path, out var kustomization))
            {
                kustomizations[path] = kustomization = Kustomization.Read(path, files.ReadText(path) ?? throw new ManifestException(path, 0, 0, "is gone from the config repo."));
            }
            return kustomization;
        }

        // Plain manifests: every YAML file outside the folders kustomizations build (kustomize reads only what they list).
        var built = kustomizationFiles.Select(RepoFiles.FolderOf).ToList();
        foreach (var path in paths.Where(p => IsYaml(p) && !KustomizeImage.IsKustomization(p) && !built.Any(folder => RepoFiles.IsUnder(p, folder))))
        {
            if (ReadText(files, path, warnings) is not { } text) continue;
            // Only a file a later reader looks at again is kept parsed: keeping every document for the whole scan costs more in
            // garbage collection than parsing the few twice.
            var documents = ReadAgain(text) ? files.Documents(path, text) : YamlDocuments.Parse(text, path);
            foreach (var workload in WorkloadReader.Read(path, documents, environment.Namespace)) Add(workloads, workload);
        }
        foreach (var root in Roots(files, environment, kustomizationFiles, ReadKustomization))
        {
            foreach (var workload in KustomizeBuild.Render(files, root, environment, ReadKustomization, warnings)) Add(workloads, workload);
        }
        foreach (var path in kustomizationFiles) ReadKustomization(path);
        var plain = workloads.Count;
        // Argo CD Applications whose images the Image Updater's annotations list: what they render, and their Helm values.
        foreach (var workload in ArgoLayout.Read(files, environment, paths.Where(IsYaml), ReadKustomization, warnings)) Add(workloads, workload);
        // Images pipelines.yaml declares where no manifest holds them (Helm values).
        foreach (var workload in DeclaredImages.Read(files, environment)) Add(workloads, workload);
        var rendered = workloads.Count;
        var all = FluxMarked(files, environment, paths, texts.Keys, [.. workloads.Values], warnings);
        foreach (var workload in all.Skip(rendered)) Add(workloads, workload);
        foreach (var kustomization in kustomizations.Values.Where(k => k.Unread.Count > 0)) warnings.Add(NotRendered(kustomization));
        var rootKustomization = KustomizeBuild.KustomizationIn(files, environment.Path) ?? kustomizationFiles.FirstOrDefault();
        var renderedElsewhere = all.Skip(plain).FirstOrDefault();
        return new EnvironmentScan(environment, all, warnings)
        {
            KustomizeImages = kustomizations.Values.SelectMany(k => k.Images).ToList(),
            RenderedBy = rootKustomization is not null ? $"{environment.Path} is rendered by kustomize ({rootKustomization})"
                : renderedElsewhere is not null ? $"{environment.Path} holds {renderedElsewhere.Id}, which a renderer (Helm, kustomize) makes from {renderedElsewhere.Containers[0].Site.Display}"
                : null,
        };
    }

    // What a kustomization holds beyond what Pipelines reads: the images and names it shows may not be what kustomize renders
    // (a patch may set another image), so the user sees which file and which fields, wherever the scan's warnings are shown.
    private static string NotRendered(Kustomization kustomization) =>
        $"{kustomization.File}: {string.Join(", ", kustomization.Unread)} {(kustomization.Unread.Count == 1 ? "is" : "are")} not rendered by Pipelines " +
        $"(it reads {string.Join(", ", Kustomization.Understood.Where(k => k is not ("apiVersion" or "kind" or "metadata")))}); " +
        "the images and names shown are what kustomize renders without them.";

    // Flux setter markers in every file the environment reads (its own YAML, the bases and kustomizations it renders): the policies
    // they name become tag filters, and marked fields outside workloads images of their own.
    private static IReadOnlyList<Workload> FluxMarked(RepoFiles files, EnvironmentConfig environment, IReadOnlyList<string> paths, IEnumerable<string> alreadyRead,
        IReadOnlyList<Workload> workloads, List<string> warnings)
    {
        var candidates = paths.Where(IsYaml).Concat(alreadyRead).Distinct(StringComparer.Ordinal).ToList();
        var markers = new List<FluxMarker>();
        var documents = new Dictionary<string, IReadOnlyList<YamlNode?>>(StringComparer.Ordinal);
        foreach (var path in candidates)
        {
            if (files.SizeOf(path) > MaxFileSize || files.ReadText(path) is not { } text || !text.Contains(FluxMarkers.Word, StringComparison.Ordinal)) continue;
            if (text.Contains("{{", StringComparison.Ordinal)) continue;
            documents[path] = files.Documents(path, text);
            markers.AddRange(FluxMarkers.Find(path, text, documents[path], warnings));
        }
        if (markers.Count == 0) return workloads;
        var wanted = markers.Select(m => m.Policy).Distinct().ToList();
        var (policies, repositories) = FluxPolicies.Find(files, candidates, wanted, environment.Namespace);
        foreach (var key in wanted.Where(w => !policies.ContainsKey(w)))
        {
            // An ImagePolicy written without a namespace is found by its name alone, when that is unique.
            var named = policies.Values.Where(p => p.Name == key.Split(':')[1]).Distinct().ToList();
            if (named.Count == 1) policies[key] = named[0];
        }
        return FluxLayout.Apply(workloads, markers, policies, repositories, documents, environment, warnings);
    }

    // The environment's own kustomization; without one, each kustomization no other one of the environment lists.
    private static IEnumerable<string> Roots(RepoFiles files, EnvironmentConfig environment, List<string> kustomizationFiles, Func<string, Kustomization> read)
    {
        if (KustomizeBuild.KustomizationIn(files, environment.Path) is { } own) return [own];
        var listed = kustomizationFiles.SelectMany(file =>
        {
            var kustomization = read(file);
            return kustomization.Resources.Where(r => !Kustomization.IsRemote(r.Path)).Select(r => RepoFiles.Join(kustomization.Folder, r.Path)).OfType<string>();
        }).ToHashSet(StringComparer.Ordinal);
        return kustomizationFiles.Where(file => !listed.Contains(RepoFiles.FolderOf(file)));
    }

    private static string? ReadText(RepoFiles files, string path, List<string> warnings)
    {
        if (files.SizeOf(path) > MaxFileSize)
        {
            throw new ManifestException(path, 0, 0, $"is larger than {MaxFileSize / 1024 / 1024} MiB; manifests that large are refused. Split it.");
        }
        var text = files.ReadText(path)!;
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            warnings.Add($"{path}: skipped, it is a template ({{{{ … }}}}), not YAML.");
            return null;
        }
        return text;
    }

    private static void Add(OrderedDictionary<string, Workload> workloads, Workload workload)
    {
        if (!workloads.TryAdd(workload.Id, workload))
        {
            var twin = workloads[workload.Id];
            throw new ManifestException(workload.File, workload.Line, 0, $"{workload.Id} is also defined in {twin.File}:{twin.Line}; a workload must be defined once per environment.");
        }
    }

    // What the readers after the plain manifests look for: Flux markers and policies, Argo CD Image Updater annotations.
    private static bool ReadAgain(string text) =>
        text.Contains(FluxMarkers.Word, StringComparison.Ordinal) || text.Contains(ArgoImageUpdater.Prefix, StringComparison.Ordinal)
        || text.Contains("image.toolkit.fluxcd.io/", StringComparison.Ordinal);

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Resolves <c>--service</c> (<c>name</c>, <c>namespace/name</c> or the id) to one workload.</summary>
    public Workload Resolve(string service)
    {
        var matches = Workloads.Where(w => WorkloadName.Matches(w.Id, service)).ToList();
        if (matches.Count == 1) return matches[0];
        if (matches.Count > 1)
        {
            throw new Faults.PipelinesException(Faults.FaultKind.Usage, $"--service {service} matches {matches.Count} workloads in {Environment.Name}: {string.Join(", ", matches.Select(m => m.Id))}. Name one of them.");
        }
        var near = Shared.NameSuggestions.Closest(service, Workloads.Select(w => w.Name).Distinct());
        throw new Faults.PipelinesException(Faults.FaultKind.NotFound, $"--service {service}: no such workload in {Environment.Name} ({Environment.Path})." +
            (near.Count > 0 ? $" Did you mean {string.Join(" or ", near)}?" : $" Workloads: {string.Join(", ", Workloads.Select(w => w.Id).Take(20))}."));
    }
}
