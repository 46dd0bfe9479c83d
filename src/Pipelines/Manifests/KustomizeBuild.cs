using Pipelines.Config;
using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// What kustomize renders for an environment, as far as releases need it: the workloads of its resources (files and folders
/// by path, bases and overlays alike), with the namespace and name kustomize gives them, and per container the image it
/// renders and the place that decides it (<see cref="ImageSite"/>):
/// <list type="bullet">
/// <item>the last <c>images:</c> entry that applies to the image, when its kustomization is the environment's own;</item>
/// <item>else the manifest's own <c>image:</c>, when the manifest is the environment's own;</item>
/// <item>else a new entry in the environment's kustomization (as <c>kustomize edit set image</c> adds): the manifest or entry
///   deciding it is in a base other environments share, which a release to this one must not change.</item>
/// </list>
/// Read: <c>resources</c>, <c>bases</c>, <c>images</c>, <c>namespace</c>, <c>namePrefix</c>, <c>nameSuffix</c>. Resources
/// fetched from elsewhere are reported and not seen. Pure: files in, workloads out.
/// </summary>
internal static class KustomizeBuild
{
    private sealed record RenderedContainer(WorkloadContainer Source, string Image, KustomizeImage? Decided, string Matched);

    private sealed record Rendered(Workload Source, string? Namespace, string Name, IReadOnlyList<RenderedContainer> Containers);

    /// <summary>The kustomization file in <paramref name="folder"/>, or null.</summary>
    public static string? KustomizationIn(RepoFiles files, string folder) =>
        KustomizeImage.FileNames.Select(name => folder.Length == 0 ? name : folder + "/" + name).FirstOrDefault(files.Exists);

    /// <summary>The workloads <paramref name="kustomizationFile"/> renders, for an environment whose own folder is <see cref="EnvironmentConfig.Path"/>.</summary>
    /// <param name="read">Reads a kustomization once (an environment's scan shares them between its roots).</param>
    public static IReadOnlyList<Workload> Render(RepoFiles files, string kustomizationFile, EnvironmentConfig environment, Func<string, Kustomization> read,
        List<string> warnings)
    {
        var rendered = Build(files, kustomizationFile, read, warnings, [kustomizationFile]);
        return rendered.Select(r => ToWorkload(r, kustomizationFile, environment)).ToList();
    }

    private static Workload ToWorkload(Rendered rendered, string root, EnvironmentConfig environment)
    {
        var source = rendered.Source;
        var own = RepoFiles.IsUnder(source.File, environment.Path);
        var containers = rendered.Containers.Select(c =>
        {
            ImageSite site = c.Decided is { } entry && RepoFiles.IsUnder(entry.File, environment.Path) ? new KustomizeEntrySite(entry.File, entry.Index, entry.Name, c.Matched)
                : c.Decided is null && own ? c.Source.Site
                : new NewKustomizeEntrySite(root, KustomizeImage.Split(c.Image).Name);
            return c.Source with { Image = c.Image, Site = site };
        }).ToList();
        var ns = rendered.Namespace ?? environment.Namespace;
        return source with
        {
            Id = Workload.MakeId(ns, source.Kind, rendered.Name),
            Namespace = ns,
            Name = rendered.Name,
            Containers = containers,
            AnnotationsRefused = own ? null
                : $"{source.File} lies outside {environment.Path}: it is a kustomize base other environments share, and an annotation there would change " +
                  "them too. Write the policy in the environment's kustomization with a patch, or release by name",
        };
    }

    private static List<Rendered> Build(RepoFiles files, string kustomizationFile, Func<string, Kustomization> read, List<string> warnings, List<string> stack)
    {
        var kustomization = read(kustomizationFile);
        var result = new List<Rendered>();
        foreach (var resource in kustomization.Resources)
        {
            if (Kustomization.IsRemote(resource.Path))
            {
                warnings.Add($"{kustomizationFile}:{resource.Line}: {resource.Path} is fetched from elsewhere; Pipelines does not see its workloads.");
                continue;
            }
            var path = RepoFiles.Join(kustomization.Folder, resource.Path)
                ?? throw new ManifestException(kustomizationFile, resource.Line, 0, $"resource {resource.Path} lies outside the config repo; kustomize cannot build it here.");
            if (files.Exists(path))
            {
                result.AddRange(ReadManifest(files, path, warnings));
                continue;
            }
            if (KustomizationIn(files, path) is not { } inner)
            {
                throw new ManifestException(kustomizationFile, resource.Line, 0, files.FilesUnder(path).Any()
                    ? $"resource {resource.Path} is a folder without a kustomization.yaml, so kustomize cannot build it; add one there, or list its files."
                    : $"resource {resource.Path} does not exist ({path}); fix the path or remove the entry.");
            }
            if (stack.Contains(inner))
            {
                throw new ManifestException(kustomizationFile, resource.Line, 0, $"resources form a cycle: {string.Join(" -> ", stack.Append(inner))}.");
            }
            result.AddRange(Build(files, inner, read, warnings, [.. stack, inner]));
        }
        return result.Select(r => Transform(r, kustomization)).ToList();
    }

    private static IEnumerable<Rendered> ReadManifest(RepoFiles files, string path, List<string> warnings)
    {
        if (files.SizeOf(path) > EnvironmentScan.MaxFileSize)
        {
            throw new ManifestException(path, 0, 0, $"is larger than {EnvironmentScan.MaxFileSize / 1024 / 1024} MiB; manifests that large are refused. Split it.");
        }
        var text = files.ReadText(path)!;
        if (text.Contains("{{", StringComparison.Ordinal))
        {
            warnings.Add($"{path}: skipped, it is a template ({{{{ … }}}}), not YAML.");
            return [];
        }
        // An empty default namespace tells a manifest that names none, which kustomize's namespace: may then set.
        return WorkloadReader.Read(path, files.Documents(path, text), "").Select(w => new Rendered(w, w.Namespace.Length == 0 ? null : w.Namespace, w.Name,
            w.Containers.Select(c => new RenderedContainer(c, c.Image, null, c.Image)).ToList()));
    }

    // This kustomization's transformers over what its resources rendered: namespace, name prefix and suffix, images.
    private static Rendered Transform(Rendered rendered, Kustomization kustomization) => rendered with
    {
        Namespace = kustomization.Namespace ?? rendered.Namespace,
        Name = (kustomization.NamePrefix ?? "") + rendered.Name + (kustomization.NameSuffix ?? ""),
        Containers = rendered.Containers.Select(c => kustomization.Images.FirstOrDefault(e => e.Matches(c.Image)) is { } entry
            ? c with { Image = entry.Apply(c.Image), Decided = entry, Matched = c.Image }
            : c).ToList(),
    };
}
