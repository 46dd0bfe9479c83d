using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>The object whose Helm values hold an image, which names the workload a release of that image changes: a Flux
/// <c>HelmRelease</c> (in its <c>targetNamespace</c>) or an Argo CD <c>Application</c> (in its destination namespace).</summary>
internal sealed record ValuesOwner(string Kind, string Namespace, string Name, IReadOnlyDictionary<string, string> Annotations)
{
    public string Id => Workload.MakeId(Namespace, Kind, Name);

    public static ValuesOwner? Of(YamlNode? document, string defaultNamespace)
    {
        if (document is not YamlMapping root || root["metadata"] is not YamlMapping metadata || Text(metadata, "name") is not { } name) return null;
        var apiVersion = Text(root, "apiVersion") ?? "";
        var annotations = WorkloadReader.ReadStringMap(metadata["annotations"]);
        return Text(root, "kind") switch
        {
            "HelmRelease" when apiVersion.StartsWith("helm.toolkit.fluxcd.io/", StringComparison.Ordinal) =>
                new ValuesOwner("HelmRelease", Text(root["spec"] as YamlMapping, "targetNamespace") ?? Text(metadata, "namespace") ?? defaultNamespace, name, annotations),
            "Application" when apiVersion.StartsWith("argoproj.io/", StringComparison.Ordinal) =>
                new ValuesOwner("Application", Text((root["spec"] as YamlMapping)?["destination"] as YamlMapping, "namespace") ?? defaultNamespace, name, annotations),
            _ => null,
        };
    }

    private static string? Text(YamlMapping? mapping, string key) => mapping?[key] is YamlScalar { IsNull: false } s ? s.Value : null;
}
