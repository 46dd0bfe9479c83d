using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Auth;

/// <summary>
/// RBAC as the API server evaluates it: a request is allowed when a rule of a Role bound in its namespace, or of a
/// ClusterRole bound there or cluster-wide, names its verb, API group, resource (or resource/subresource) and — when the
/// rule names any — its object; non-resource URLs by ClusterRole rules only. Members of system:masters may do anything,
/// and discovery, version, OpenAPI and health are open to every authenticated user (the real server's system:discovery
/// and system:public-info-viewer bindings). Aggregated ClusterRoles and escalation checks are not emulated.
/// </summary>
public sealed class RbacAuthorizer(ObjectStore store, KindCatalog catalog)
{
    private static readonly string[] OpenPaths = ["/api", "/apis", "/version", "/healthz", "/livez", "/readyz", "/openapi"];

    public bool Allows(EmulatorUser user, RequestAttributes request)
    {
        if (user.Groups.Contains("system:masters")) return true;
        if (!request.IsResource && OpenPaths.Any(p => request.Path == p || request.Path!.StartsWith(p + "/", StringComparison.Ordinal))) return true;
        // Every authenticated user may ask what it may do.
        if (request.Group == "authorization.k8s.io" && request.Resource is "selfsubjectaccessreviews" or "selfsubjectrulesreviews" && request.Verb == "create") return true;

        var rbac = "rbac.authorization.k8s.io";
        var clusterRoles = catalog.Get(rbac, "clusterroles");
        foreach (var binding in store.List(catalog.Get(rbac, "clusterrolebindings"), null).Items.Where(b => Binds(b, user)))
            if (Rules(clusterRoles, null, binding).Any(r => Matches(r, request))) return true;
        if (request.Namespace is null) return false;
        foreach (var binding in store.List(catalog.Get(rbac, "rolebindings"), request.Namespace).Items.Where(b => Binds(b, user)))
        {
            var roleKind = binding.String("roleRef", "kind") == "ClusterRole" ? clusterRoles : catalog.Get(rbac, "roles");
            if (Rules(roleKind, roleKind == clusterRoles ? null : request.Namespace, binding).Any(r => Matches(r, request))) return true;
        }
        return false;
    }

    /// <summary>The API server's 403 message: <c>User "x" cannot get resource "deployments" in API group "apps" in the namespace "shop"</c>.</summary>
    public static string Denial(EmulatorUser user, RequestAttributes request)
    {
        if (!request.IsResource) return $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"";
        var resource = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";
        var subject = request.Name is null
            ? $"{request.Resource}{(string.IsNullOrEmpty(request.Group) ? "" : "." + request.Group)} is forbidden"
            : $"{request.Resource}{(string.IsNullOrEmpty(request.Group) ? "" : "." + request.Group)} \"{request.Name}\" is forbidden";
        var scope = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        return $"{subject}: User \"{user.Name}\" cannot {request.Verb} resource \"{resource}\" in API group \"{request.Group}\" {scope}";
    }

    private IEnumerable<JsonObject> Rules(ResourceKind roleKind, string? ns, JsonObject binding)
    {
        var role = store.Get(roleKind, ns, binding.String("roleRef", "name") ?? "");
        return (role?["rules"] as JsonArray ?? []).OfType<JsonObject>();
    }

    private static bool Binds(JsonObject binding, EmulatorUser user) =>
        (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>().Any(s => s.String("kind") switch
        {
            "User" => s.String("name") == user.Name,
            "Group" => user.Groups.Contains(s.String("name") ?? ""),
            "ServiceAccount" => user.Name == $"system:serviceaccount:{s.String("namespace") ?? binding.Namespace()}:{s.String("name")}",
            _ => false,
        });

    private static bool Matches(JsonObject rule, RequestAttributes request)
    {
        if (!Has(rule, "verbs", request.Verb)) return false;
        if (!request.IsResource) return (rule["nonResourceURLs"] as JsonArray ?? []).Select(u => (string?)u).Any(u =>
            u == "*" || u == request.Path || (u?.EndsWith('*') == true && request.Path!.StartsWith(u[..^1], StringComparison.Ordinal)));
        if (!Has(rule, "apiGroups", request.Group ?? "")) return false;
        var resource = request.Subresource is null ? request.Resource! : $"{request.Resource}/{request.Subresource}";
        var resources = (rule["resources"] as JsonArray ?? []).Select(r => (string?)r).ToList();
        if (!resources.Any(r => r == "*" || r == resource || (request.Subresource is not null && r == $"*/{request.Subresource}"))) return false;
        var names = (rule["resourceNames"] as JsonArray ?? []).Select(n => (string?)n).ToList();
        return names.Count == 0 || (request.Name is not null && names.Contains(request.Name));
    }

    private static bool Has(JsonObject rule, string field, string value) =>
        (rule[field] as JsonArray ?? []).Select(v => (string?)v).Any(v => v == "*" || v == value);
}
