namespace Pipelines.Kubernetes;

/// <summary>A kind's REST resource, as discovery describes it.</summary>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path: /api/v1/namespaces/ns/services, /apis/apps/v1/deployments…</summary>
    public string CollectionPath(string? @namespace) =>
        (Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}") + (Namespaced && @namespace is not null ? $"/namespaces/{@namespace}" : "") + "/" + Plural;

    public string ObjectPath(string? @namespace, string name) => CollectionPath(Namespaced ? @namespace : null) + "/" + Uri.EscapeDataString(name);
}
