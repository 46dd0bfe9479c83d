using Pipelines.Config;
using Pipelines.Images;
using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// Argo CD Applications in an environment whose images the Image Updater's annotations list (<see cref="ArgoImageUpdater"/>):
/// each listed image is automated by its alias's options, at the place Argo CD renders it from.
/// <list type="bullet">
/// <item>A kustomize source (<c>spec.source.path</c> holding a kustomization) contributes the workloads it renders, as an
///   environment of its own would (<see cref="KustomizeBuild"/>: the path's own entries, never a shared base).</item>
/// <item>A Helm source contributes one workload per Application (<c>namespace:application/name</c>), a container per alias, whose
///   fields are found where Argo CD reads values, highest precedence first: the Image Updater's own
///   <c>.argocd-source-&lt;app&gt;.yaml</c> parameters, <c>spec.source.helm.parameters</c>, <c>valuesObject</c>, the
///   <c>write-back-target: helmvalues:&lt;file&gt;</c>, <c>valueFiles</c> (last first), the chart's <c>values.yaml</c>.</item>
/// </list>
/// The Image Updater's <c>.argocd-source-&lt;app&gt;.yaml</c> overrides win over the kustomization too, so an image they set is
/// released there. Pure over the files given.
/// </summary>
internal static class ArgoLayout
{
    private const string ImageList = ArgoImageUpdater.Prefix + "image-list";

    public static IReadOnlyList<Workload> Read(RepoFiles files, EnvironmentConfig environment, IEnumerable<string> paths, Func<string, Kustomization> readKustomization,
        List<string> warnings)
    {
        var result = new List<Workload>();
        foreach (var path in paths)
        {
            if (files.SizeOf(path) > EnvironmentScan.MaxFileSize || files.ReadText(path) is not { } text || !text.Contains(ImageList, StringComparison.Ordinal)) continue;
            if (text.Contains("{{", StringComparison.Ordinal)) continue;
            var documents = files.Documents(path, text);
            for (var d = 0; d < documents.Count; d++)
            {
                if (ValuesOwner.Of(documents[d], environment.Namespace) is not { Kind: "Application" } owner) continue;
                var application = (YamlMapping)documents[d]!;
                var where = $"{path}:{application.Line}";
                var images = ArgoImageUpdater.Read(owner.Annotations, $"Application {owner.Name} ({where})", warnings);
                if (images.Count == 0) continue;
                var spec = application["spec"] as YamlMapping;
                if (spec?["source"] is not YamlMapping source)
                {
                    warnings.Add($"{where}: Application {owner.Name} has no single spec.source (multi-source Applications are not read); its images are not released.");
                    continue;
                }
                var folder = Text(source, "path")?.Trim('/');
                var kustomization = folder is null ? null : KustomizeBuild.KustomizationIn(files, folder);
                var overrides = folder is null ? null : RepoFiles.Join(folder, $".argocd-source-{owner.Name}.yaml");
                var overrideRoot = overrides is not null && files.ReadText(overrides) is { } overrideText ? files.Documents(overrides, overrideText).FirstOrDefault() : null;
                if (kustomization is not null)
                {
                    var own = environment with { Path = folder!, Namespace = owner.Namespace };
                    var rendered = KustomizeBuild.Render(files, kustomization, own, readKustomization, warnings);
                    result.AddRange(rendered.Select(w => Automate(w, images, owner, overrides, overrideRoot)));
                }
                else
                {
                    var containers = new List<WorkloadContainer>();
                    var implied = ImpliedPolicy.None;
                    foreach (var image in images)
                    {
                        if (HelmPlace(files, path, d, application, source, folder, image, overrides, overrideRoot, warnings) is not var (site, root)) continue;
                        var container = new WorkloadContainer(image.Alias, ImageFieldsRead.Image(root, site)!, false, ImageFieldsRead.Primary(root, site))
                        {
                            ImagePath = site.Image ?? site.Tag!,
                            Site = site,
                        };
                        containers.Add(container);
                        implied = implied.With(container.Name, image.TagFilter, $"Argo CD Image Updater {image.Alias} of Application {owner.Name}");
                    }
                    if (containers.Count == 0) continue;
                    result.Add(new Workload(owner.Id, owner.Kind, owner.Namespace, owner.Name, path, d, application.Line, owner.Annotations, containers, application)
                    {
                        Implied = implied,
                    });
                }
            }
        }
        return result;
    }

    // A workload a kustomize Application renders: each container an alias names gets the alias's policy, and, when the Image
    // Updater's override file sets its image, that override as its place.
    private static Workload Automate(Workload workload, IReadOnlyList<ArgoImage> images, ValuesOwner owner, string? overrides, YamlNode? overrideRoot)
    {
        var implied = workload.Implied;
        var containers = workload.Containers.Select(container =>
        {
            var original = KustomizeImage.Split(container.ImageNode.Value).Name;
            var image = images.FirstOrDefault(i => (i.KustomizeName ?? i.Name) == original || ImageReference.RepositoryOf(i.Name) == ImageReference.RepositoryOf(container.Image));
            if (image is null) return container;
            implied = implied.With(container.Name, image.TagFilter, $"Argo CD Image Updater {image.Alias} of Application {owner.Name}");
            var name = image.KustomizeName ?? original;
            if ((overrideRoot as YamlMapping)?["kustomize"] is not YamlMapping kustomize || kustomize["images"] is not YamlSequence list) return container;
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (list.Items[i] is not YamlScalar { IsNull: false } item) continue;
                var equals = item.Value.IndexOf('=');
                var named = equals >= 0 ? item.Value[..equals] : KustomizeImage.Split(item.Value).Name;
                if (named != name) continue;
                var prefix = equals >= 0 ? item.Value[..(equals + 1)] : null;
                var site = new ImageFieldsSite(overrides!, 0, YamlPath.Root.Then("kustomize", "images", i), null, null, null, null, $"{overrides} (the Image Updater's override)")
                {
                    ImagePrefix = prefix,
                };
                return container with { Image = prefix is null ? item.Value : item.Value[prefix.Length..], Site = site };
            }
            return container;
        }).ToList();
        return workload with { Containers = containers, Implied = implied };
    }

    // Where Argo CD reads the alias's Helm parameters from, highest precedence first; the tag (or the whole reference) decides
    // the place, and the name is written there too when that place holds it.
    private static (ImageFieldsSite, YamlNode)? HelmPlace(RepoFiles files, string path, int document, YamlMapping application, YamlMapping source, string? folder,
        ArgoImage image, string? overrides, YamlNode? overrideRoot, List<string> warnings)
    {
        var places = new List<(string File, int Document, YamlNode Root, Func<string, YamlPath?> Find)>();
        if (overrideRoot is not null) places.Add((overrides!, 0, overrideRoot, p => Parameter(overrideRoot, YamlPath.Root.Then("helm", "parameters"), p)));
        var helm = YamlPath.Root.Then("spec", "source", "helm");
        places.Add((path, document, application, p => Parameter(application, helm.Then("parameters"), p)));
        places.Add((path, document, application, p => Values(application, helm.Then("valuesObject"), p)));
        var valueFiles = new List<string>();
        if (application.Annotations().GetValueOrDefault(ArgoImageUpdater.Prefix + "write-back-target") is { } target && target.StartsWith("helmvalues:", StringComparison.Ordinal))
        {
            var file = target["helmvalues:".Length..];
            valueFiles.Add(file.StartsWith('/') ? file.TrimStart('/') : RepoFiles.Join(folder ?? "", file) ?? file);
        }
        if ((source["helm"] as YamlMapping)?["valueFiles"] is YamlSequence listed)
        {
            valueFiles.AddRange(listed.Items.OfType<YamlScalar>().Reverse().Select(f => RepoFiles.Join(folder ?? "", f.Value)).OfType<string>());
        }
        if (folder is not null) valueFiles.Add(folder.Length == 0 ? "values.yaml" : folder + "/values.yaml");
        foreach (var file in valueFiles.Distinct())
        {
            if (files.ReadText(file) is not { } text || files.Documents(file, text).FirstOrDefault() is not { } root) continue;
            places.Add((file, 0, root, p => Values(root, YamlPath.Root, p)));
        }

        var decisive = image.HelmSpec ?? image.HelmTag;
        foreach (var place in places)
        {
            if (place.Find(decisive) is not { } at) continue;
            var site = image.HelmSpec is not null
                ? new ImageFieldsSite(place.File, place.Document, at, null, null, null, null, $"Argo CD Image Updater {image.Alias}")
                : new ImageFieldsSite(place.File, place.Document, null, place.Find(image.HelmName), at, null, image.Name, $"Argo CD Image Updater {image.Alias}");
            return (site, place.Root);
        }
        var name = Text(application["metadata"] as YamlMapping, "name");
        warnings.Add($"{path}:{application.Line}: no values of Application {name} " +
            $"hold the Helm parameter {decisive} of image {image.Alias} (looked in {string.Join(", ", places.Select(p => p.File).Distinct())}); it is not released.");
        return null;
    }

    // "name: image.tag" in a parameters list: the path of its value.
    private static YamlPath? Parameter(YamlNode root, YamlPath list, string name) =>
        ImageFieldsEdit.Find(root, list) is YamlSequence parameters
            ? parameters.Items.Select((item, i) => (item, i)).Where(p => p.item is YamlMapping m && m["name"] is YamlScalar s && s.Value == name)
                .Select(p => (YamlPath?)list.Then(p.i, "value")).FirstOrDefault()
            : null;

    private static YamlPath? Values(YamlNode root, YamlPath under, string parameter)
    {
        var path = new YamlPath([.. under.Segments, .. ArgoImageUpdater.ValuesPath(parameter).Segments]);
        return ImageFieldsEdit.Find(root, path) is YamlScalar ? path : null;
    }

    private static IReadOnlyDictionary<string, string> Annotations(this YamlMapping document) =>
        WorkloadReader.ReadStringMap((document["metadata"] as YamlMapping)?["annotations"]);

    private static string? Text(YamlMapping? mapping, string key) => mapping?[key] is YamlScalar { IsNull: false } s ? s.Value : null;
}
