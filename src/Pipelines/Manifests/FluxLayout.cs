using Pipelines.Config;
using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>
/// A Flux v2 repository as its image-automation-controller sees it: every field marked with <c>$imagepolicy</c> is an image
/// automated by the <c>ImagePolicy</c> it names. A marker on a container's own place (its <c>image:</c>, or the kustomize entry
/// that sets it) gives that container the policy's tag filter; marked fields anywhere else (a <c>HelmRelease</c>'s values, a
/// values file) are an image of their own, released through those fields (<see cref="ImageFieldsSite"/>) as a workload named after
/// the HelmRelease or Application holding them, else after the policy. Pure.
/// </summary>
internal static class FluxLayout
{
    public static IReadOnlyList<Workload> Apply(IReadOnlyList<Workload> workloads, IReadOnlyList<FluxMarker> markers, IReadOnlyDictionary<string, FluxImagePolicy> policies,
        IReadOnlyDictionary<string, string> repositories, IReadOnlyDictionary<string, IReadOnlyList<YamlNode?>> documents, EnvironmentConfig environment, List<string> warnings)
    {
        if (markers.Count == 0) return workloads;
        var used = new HashSet<FluxMarker>();
        var warned = new HashSet<string>();
        ImpliedPolicy Imply(ImpliedPolicy implied, string container, FluxMarker marker)
        {
            if (policies.TryGetValue(marker.Policy, out var policy)) return implied.With(container, policy.TagFilter, $"ImagePolicy {policy.Namespace}/{policy.Name}");
            if (warned.Add(marker.Policy))
            {
                warnings.Add($"{marker.File}:{marker.Line}: the Flux marker names ImagePolicy {marker.Policy}, which is not in the config repo; {environment.Name}'s tagFilter applies.");
            }
            return implied with { Automated = true };
        }

        var result = workloads.Select(workload =>
        {
            var implied = workload.Implied;
            foreach (var container in workload.Containers)
            {
                var marks = MarkersOf(container.Site, markers).ToList();
                if (marks.Count == 0) marks = markers.Where(m => m.File == workload.File && m.Document == workload.DocumentIndex && m.Path == container.ImagePath).ToList();
                if (marks.Count == 0) continue;
                used.UnionWith(marks);
                implied = Imply(implied, container.Name, marks[0]);
            }
            return implied == workload.Implied ? workload : workload with { Implied = implied };
        }).ToList();

        // The rest: marked fields that are an image of their own, grouped as Flux sets them together (a policy's fields in one mapping).
        var owned = new Dictionary<string, Workload>(StringComparer.Ordinal);
        foreach (var group in markers.Where(m => !used.Contains(m)).GroupBy(m => (m.File, m.Document, m.Policy, At: m.Part == MarkedPart.Image ? m.Path : m.Parent)))
        {
            var first = group.First();
            YamlPath? PathOf(MarkedPart part) => group.FirstOrDefault(m => m.Part == part)?.Path;
            var repository = policies.TryGetValue(first.Policy, out var policy) ? repositories.GetValueOrDefault($"{policy.RepositoryNamespace}:{policy.RepositoryName}") : null;
            var site = new ImageFieldsSite(first.File, first.Document, PathOf(MarkedPart.Image), PathOf(MarkedPart.Name), PathOf(MarkedPart.Tag), PathOf(MarkedPart.Digest),
                repository, $"Flux marker {first.Policy}");
            var root = documents[first.File][first.Document]!;
            if (ImageFieldsRead.Image(root, site) is not { } image)
            {
                warnings.Add($"{first.File}:{first.Line}: the fields marked for {first.Policy} do not say which image (no whole reference, no :name marker, and no " +
                    "ImageRepository for the policy in the config repo); add a :name marker. They are not released.");
                continue;
            }
            var owner = ValuesOwner.Of(root, environment.Namespace);
            var id = owner?.Id ?? Workload.MakeId(policy?.Namespace ?? first.PolicyNamespace, "ImagePolicy", policy?.Name ?? first.PolicyName);
            var container = new WorkloadContainer(UniqueName(owned.GetValueOrDefault(id), first.PolicyName), image, false, ImageFieldsRead.Primary(root, site))
            {
                ImagePath = site.Image ?? site.Tag ?? site.Name!,
                Site = site,
            };
            owned[id] = owned.TryGetValue(id, out var existing)
                ? existing with { Containers = [.. existing.Containers, container], Implied = Imply(existing.Implied, container.Name, first) }
                : new Workload(id, owner?.Kind ?? "ImagePolicy", owner?.Namespace ?? first.PolicyNamespace, owner?.Name ?? first.PolicyName, first.File, first.Document,
                    root.Line, owner?.Annotations ?? new Dictionary<string, string>(), [container], (YamlMapping)root)
                {
                    Implied = Imply(ImpliedPolicy.None, container.Name, first),
                    AnnotationsRefused = owner is null ? $"its image is declared by Flux markers in {first.File}, which has no object of its own to annotate" : null,
                };
        }
        return [.. result, .. owned.Values];
    }

    // Markers on the fields a site writes: its image field, or the kustomize entry's newName, newTag and digest.
    private static IEnumerable<FluxMarker> MarkersOf(ImageSite site, IReadOnlyList<FluxMarker> markers) => site switch
    {
        ManifestImageSite s => markers.Where(m => m.File == s.File && m.Document == s.Document && m.Path == s.ImagePath),
        KustomizeEntrySite s => markers.Where(m => m.File == s.File && m.Path.Segments.Count == 3 && m.Path.Segments[0] is "images" && m.Path.Segments[1] is int i && i == s.Index),
        _ => [],
    };

    private static string UniqueName(Workload? workload, string name)
    {
        if (workload is null || workload.Containers.All(c => c.Name != name)) return name;
        for (var i = 2; ; i++)
        {
            if (workload.Containers.All(c => c.Name != $"{name}-{i}")) return $"{name}-{i}";
        }
    }
}
