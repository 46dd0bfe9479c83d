using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>
/// A request path read as the API server reads it:
/// /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]] and /apis/{group}/{version}/… the same way.
/// </summary>
public sealed record ResourcePath(ResourceKind Kind, string? Namespace, string? Name, string? Subresource)
{
    public static ResourcePath? Parse(KindCatalog catalog, string path)
    {
        var parts = path.Trim('/').Split('/');
        string group, version;
        int i;
        if (parts.Length >= 3 && parts[0] == "api") (group, version, i) = ("", parts[1], 2);
        else if (parts.Length >= 4 && parts[0] == "apis") (group, version, i) = (parts[1], parts[2], 3);
        else return null;

        var rest = parts[i..];
        string? ns = null;
        // namespaces/{ns}/{plural}… is a namespaced resource; namespaces[/{name}[/status]] the namespace itself.
        if (rest.Length >= 3 && rest[0] == "namespaces" && !(rest.Length == 3 && group == "" && IsNamespaceSubresource(rest[2])))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        var kind = catalog.ByPlural(group, version, rest[0]);
        if (kind is null || rest.Length > 3) return null;
        if (kind.Namespaced != (ns is not null) && rest.Length > 1) return null;
        if (!kind.Namespaced && ns is not null) return null;
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (subresource is not null && !(subresource == "status" && kind.HasStatus) && !(subresource == "scale" && kind.HasScale)) return null;
        return new ResourcePath(kind, ns, name, subresource);
    }

    private static bool IsNamespaceSubresource(string segment) => segment is "status" or "finalize";
}
