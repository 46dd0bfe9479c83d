namespace Pipelines.Sandbox.Kube.Kinds;

/// <summary>One kind the emulator serves: its place in the API, its scope and the shape of its fields.</summary>
public sealed record ResourceKind
{
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    public required string Plural { get; init; }
    public required bool Namespaced { get; init; }
    public required SchemaNode Schema { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Served with a /status subresource: the main resource ignores status, /status ignores the rest.</summary>
    public bool HasStatus { get; init; } = true;

    /// <summary>Served with a /scale subresource (autoscaling/v1 Scale over spec.replicas).</summary>
    public bool HasScale => !Custom && Kind is "Deployment" or "ReplicaSet" or "StatefulSet";

    /// <summary>metadata.generation counts changes of everything but metadata and status.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>Field selector labels beyond metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    /// <summary>Path of the pod template inside the object, for workloads.</summary>
    public IReadOnlyList<string>? PodTemplatePath { get; init; }

    /// <summary>A kind of a CustomResourceDefinition, served while the CRD is established.</summary>
    public bool Custom { get; init; }

    /// <summary>The singular name (a CRD may give one; built-ins use the lower-case kind).</summary>
    public string? SingularName { get; init; }

    public string Singular => SingularName ?? Kind.ToLowerInvariant();

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>deployments.apps, or pods for the core group: how error messages name the resource.</summary>
    public string QualifiedPlural => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Deployment.apps, or Pod for the core group: how validation errors name the kind.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string GroupVersionPath => Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";

    public IEnumerable<string> Verbs =>
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
