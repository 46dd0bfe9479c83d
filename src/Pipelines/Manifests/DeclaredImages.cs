using Pipelines.Config;
using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// The images an environment declares in pipelines.yaml (<see cref="DeclaredImage"/>): each a container of the workload it
/// names, whose image lives in the declared fields of a values file (or of a HelmRelease's <c>spec.values</c>, an Application's
/// <c>spec.source.helm.valuesObject</c>) and is released there (<see cref="ImageFieldsSite"/>). Entries naming one workload are its
/// containers. A declared field the file lacks is an error naming the file, the entry's line and the path. Pure over the files given.
/// </summary>
internal static class DeclaredImages
{
    public static IReadOnlyList<Workload> Read(RepoFiles files, EnvironmentConfig environment)
    {
        var workloads = new Dictionary<string, Workload>(StringComparer.Ordinal);
        foreach (var declared in environment.Images)
        {
            var where = $"{PipelinesConfig.FileName}:{declared.Line}";
            var text = files.ReadText(declared.File)
                ?? throw new ManifestException(PipelinesConfig.FileName, declared.Line, 0, $"images: file {declared.File} is not in the config repo; fix the path (it is from the repository's root).");
            var documents = files.Documents(declared.File, text);
            // The values of a HelmRelease or an Application are under its spec; a values file is values from its root.
            var (document, owner) = documents.Select((d, i) => (Index: i, Owner: ValuesOwner.Of(d, environment.Namespace))).FirstOrDefault(d => d.Owner is not null);
            var under = owner?.Kind switch
            {
                "HelmRelease" => YamlPath.Root.Then("spec", "values"),
                "Application" => YamlPath.Root.Then("spec", "source", "helm", "valuesObject"),
                _ => YamlPath.Root,
            };
            var root = documents.ElementAtOrDefault(document) ?? throw new ManifestException(declared.File, 0, 0, $"is empty, but {where} declares {declared.Workload}'s image in it.");
            YamlPath? Path(string? parameter)
            {
                if (parameter is null) return null;
                var path = new YamlPath([.. under.Segments, .. ArgoImageUpdater.ValuesPath(parameter).Segments]);
                return ImageFieldsEdit.Find(root, path) is YamlScalar ? path
                    : throw new ManifestException(PipelinesConfig.FileName, declared.Line, 0, $"images: {declared.File} has no value at {path} (declared for {declared.Workload}); fix the path or the file.");
            }
            var site = new ImageFieldsSite(declared.File, document, Path(declared.Image), Path(declared.Repository), Path(declared.Tag), Path(declared.Digest), null, $"declared in {where}");
            var (ns, kind, name) = WorkloadRef(declared.Workload, environment.Namespace);
            var id = Workload.MakeId(ns, kind, name);
            var container = new WorkloadContainer(declared.Container ?? name, ImageFieldsRead.Image(root, site)!, false, ImageFieldsRead.Primary(root, site))
            {
                ImagePath = site.Image ?? site.Tag!,
                Site = site,
            };
            var implied = declared.TagFilter is null ? ImpliedPolicy.None with { Automated = declared.Automated }
                : ImpliedPolicy.None.With(container.Name, declared.TagFilter, $"pipelines.yaml images: ({where})") with { Automated = declared.Automated };
            if (workloads.TryGetValue(id, out var existing))
            {
                if (existing.Containers.Any(c => c.Name == container.Name))
                {
                    throw new ManifestException(PipelinesConfig.FileName, declared.Line, 0, $"images: declares container {container.Name} of {id} twice; give the second one container: <name>.");
                }
                workloads[id] = existing with
                {
                    Containers = [.. existing.Containers, container],
                    Implied = existing.Implied with
                    {
                        TagFilters = new Dictionary<string, string>(existing.Implied.TagFilters.Concat(implied.TagFilters)),
                        Sources = new Dictionary<string, string>(existing.Implied.Sources.Concat(implied.Sources)),
                        Automated = existing.Implied.Automated ?? implied.Automated,
                    },
                };
                continue;
            }
            // In a HelmRelease or an Application, the policy annotations (a lock, automation) are that object's.
            workloads[id] = new Workload(id, kind, ns, name, declared.File, document, root.Line, owner?.Annotations ?? new Dictionary<string, string>(), [container],
                root as YamlMapping ?? Empty(root))
            {
                Implied = implied,
                AnnotationsRefused = owner is not null ? null : $"it is declared in {where} with its image in {declared.File}, not by a manifest with annotations; " +
                    "give it a policy in that entry (tagFilter:, automated:) or the environment",
            };
        }
        return workloads.Values.ToList();
    }

    // "shop/front-end" (a Deployment), "shop:statefulset/db", or "front-end" in the environment's namespace.
    private static (string Namespace, string Kind, string Name) WorkloadRef(string text, string defaultNamespace)
    {
        var colon = text.IndexOf(':');
        if (colon > 0 && text.IndexOf('/', colon) is var slash and > 0) return (text[..colon], text[(colon + 1)..slash], text[(slash + 1)..]);
        var split = text.Split('/', 2);
        return split.Length == 2 ? (split[0], "Deployment", split[1]) : (defaultNamespace, "Deployment", text);
    }

    private static YamlMapping Empty(YamlNode at) => new([], false, at.Start, at.Start, at.Line, at.Column);
}
