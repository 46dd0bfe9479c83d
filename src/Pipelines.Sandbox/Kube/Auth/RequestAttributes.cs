namespace Pipelines.Sandbox.Kube.Auth;

/// <summary>
/// What a request asks to do, in RBAC's terms: a verb on a resource (group, resource, subresource, namespace, name), or a
/// verb on a non-resource URL (/version, /healthz, /openapi/v2…).
/// </summary>
public sealed record RequestAttributes(string Verb, string? Group, string? Resource, string? Subresource, string? Namespace, string? Name, string? Path)
{
    public bool IsResource => Resource is not null;

    /// <summary>
    /// The attributes of an HTTP request: GET of an object is get, of a collection list (watch with watch=true), POST
    /// create, PUT update, PATCH patch, DELETE delete (of a collection deletecollection). Null path parts: non-resource.
    /// </summary>
    public static RequestAttributes For(string method, string path, bool watch)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int start;
        string group;
        if (parts.Length >= 3 && parts[0] == "api") (group, start) = ("", 2);
        else if (parts.Length >= 4 && parts[0] == "apis") (group, start) = (parts[1], 3);
        else return new RequestAttributes(NonResourceVerb(method), null, null, null, null, null, "/" + string.Join('/', parts));
        var rest = parts[start..];
        string? ns = null;
        if (rest.Length >= 3 && rest[0] == "namespaces" && !(rest.Length == 3 && group == "" && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        else if (rest.Length == 2 && rest[0] == "namespaces" && group == "")
        {
            // /api/v1/namespaces/{name}: the namespace object itself, in its own namespace for RBAC.
            ns = rest[1];
        }
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var verb = method switch
        {
            "GET" or "HEAD" => name is null ? (watch ? "watch" : "list") : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return new RequestAttributes(verb, group, resource, subresource, ns, name, null);
    }

    private static string NonResourceVerb(string method) => method switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };
}
