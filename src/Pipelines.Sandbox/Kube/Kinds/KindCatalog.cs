using static Pipelines.Sandbox.Kube.Kinds.Schema;
using static Pipelines.Sandbox.Kube.Kinds.ObjectSchemas;

namespace Pipelines.Sandbox.Kube.Kinds;

/// <summary>
/// The kinds the emulator serves, and lookups by path segment and by kind. The built-in kinds are fixed; the kinds of
/// CustomResourceDefinitions come and go while it runs (each emulator has its own catalog).
/// </summary>
public sealed partial class KindCatalog
{
    /// <summary>The built-in kinds alone, for code that needs their schemas without an emulator.</summary>
    public static KindCatalog Default { get; } = new(BuiltIn());

    /// <summary>A catalog of the built-in kinds, to which custom kinds can be added.</summary>
    public static KindCatalog New() => new(BuiltIn());

    private volatile IReadOnlyList<ResourceKind> kinds;
    private readonly Lock changing = new();

    public KindCatalog(IReadOnlyList<ResourceKind> kinds) => this.kinds = kinds;

    public IReadOnlyList<ResourceKind> Kinds => kinds;

    /// <summary>Serves a custom kind (an established CRD's version), replacing one of the same group, version and plural.</summary>
    public void Add(ResourceKind kind)
    {
        lock (changing) kinds = [.. kinds.Where(k => !(k.Group == kind.Group && k.Version == kind.Version && k.Plural == kind.Plural)), kind];
    }

    /// <summary>Stops serving the custom kinds of a group and plural (a deleted CRD).</summary>
    public void Remove(string group, string plural)
    {
        lock (changing) kinds = kinds.Where(k => !(k.Custom && k.Group == group && k.Plural == plural)).ToList();
    }

    public IEnumerable<(string Group, string Version)> GroupVersions =>
        Kinds.Select(k => (k.Group, k.Version)).Distinct();

    public ResourceKind? ByPlural(string group, string version, string plural) =>
        Kinds.FirstOrDefault(k => k.Group == group && k.Version == version && k.Plural == plural);

    public ResourceKind? ByKind(string apiVersion, string kind) =>
        Kinds.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind);

    public ResourceKind Get(string group, string plural) =>
        Kinds.First(k => k.Group == group && k.Plural == plural);

    public ResourceKind Namespaces => Get("", "namespaces");
    public ResourceKind Pods => Get("", "pods");
    public ResourceKind ServiceAccounts => Get("", "serviceaccounts");
    public ResourceKind Deployments => Get("apps", "deployments");
    public ResourceKind ReplicaSets => Get("apps", "replicasets");
    public ResourceKind StatefulSets => Get("apps", "statefulsets");
    public ResourceKind DaemonSets => Get("apps", "daemonsets");
    public ResourceKind Events => Get("", "events");
    public ResourceKind ResourceQuotas => Get("", "resourcequotas");
    public ResourceKind ControllerRevisions => Get("apps", "controllerrevisions");
    public ResourceKind CustomResourceDefinitions => Get("apiextensions.k8s.io", "customresourcedefinitions");
}
