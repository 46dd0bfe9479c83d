using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.OpenApi;

/// <summary>
/// The OpenAPI documents of the served kinds: v2 (/openapi/v2, one document) and v3 (/openapi/v3 lists a
/// document per group-version). Paths carry the operations with x-kubernetes-group-version-kind and the
/// write parameters (dryRun, fieldManager, fieldValidation, force), which kubectl checks before sending them.
/// </summary>
public sealed class OpenApiDocuments(KindCatalog catalog)
{
    public JsonObject V2()
    {
        var writer = new SchemaWriter("#/definitions/", allOfRefs: false);
        var paths = new JsonObject();
        foreach (var kind in catalog.Kinds)
        {
            writer.AddKind(kind);
            AddPaths(paths, kind, writer, v3: false);
        }
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.GitVersion },
            ["paths"] = paths,
            ["definitions"] = new JsonObject(writer.Definitions.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value.DeepClone()))),
        };
    }

    /// <summary>The v3 discovery document: each group-version's path and URL, with a hash of its content.</summary>
    public JsonObject V3Root()
    {
        var paths = new JsonObject();
        foreach (var (group, version) in catalog.GroupVersions)
        {
            var path = group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";
            var hash = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes(V3(group, version)!.ToJsonString())));
            paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    public JsonObject? V3(string group, string version)
    {
        var kinds = catalog.Kinds.Where(k => k.Group == group && k.Version == version).ToList();
        if (kinds.Count == 0) return null;
        var writer = new SchemaWriter("#/components/schemas/", allOfRefs: true);
        var paths = new JsonObject();
        foreach (var kind in kinds)
        {
            writer.AddKind(kind);
            AddPaths(paths, kind, writer, v3: true);
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = Discovery.GitVersion },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(writer.Definitions.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value.DeepClone()))),
            },
        };
    }

    private static void AddPaths(JsonObject paths, ResourceKind kind, SchemaWriter writer, bool v3)
    {
        var root = "/" + kind.GroupVersionPath;
        var collection = kind.Namespaced ? $"{root}/namespaces/{{namespace}}/{kind.Plural}" : $"{root}/{kind.Plural}";
        var item = collection + "/{name}";
        var definition = kind.Schema.Definition!;
        var scopeParameters = kind.Namespaced ? new[] { PathParameter("namespace", v3) } : [];

        paths[collection] = new JsonObject
        {
            ["get"] = Operation(kind, "list", $"list{kind.Kind}", writer.Ref(definition + "List"), v3, ListParameters(v3)),
            ["post"] = Operation(kind, "post", $"create{kind.Kind}", writer.Ref(definition), v3, WriteParameters(v3, patch: false), writer.Ref(definition)),
            ["parameters"] = new JsonArray(scopeParameters),
        };
        paths[item] = new JsonObject
        {
            ["get"] = Operation(kind, "get", $"read{kind.Kind}", writer.Ref(definition), v3, []),
            ["put"] = Operation(kind, "put", $"replace{kind.Kind}", writer.Ref(definition), v3, WriteParameters(v3, patch: false), writer.Ref(definition)),
            ["patch"] = Operation(kind, "patch", $"patch{kind.Kind}", writer.Ref(definition), v3, WriteParameters(v3, patch: true),
                new JsonObject { ["type"] = "object" }, patch: true),
            ["delete"] = Operation(kind, "delete", $"delete{kind.Kind}", writer.Ref(definition), v3, WriteParameters(v3, patch: false)[..1]),
            ["parameters"] = new JsonArray([PathParameter("name", v3), .. scopeParameters.Select(p => p.DeepClone())]),
        };
        if (kind.Namespaced)
            paths[$"{root}/{kind.Plural}"] = new JsonObject
            {
                ["get"] = Operation(kind, "list", $"list{kind.Kind}ForAllNamespaces", writer.Ref(definition + "List"), v3, ListParameters(v3)),
            };
    }

    private static JsonObject Operation(ResourceKind kind, string action, string id, JsonObject response, bool v3, JsonNode[] parameters,
        JsonObject? body = null, bool patch = false)
    {
        var operation = new JsonObject
        {
            ["description"] = $"{action} {kind.Kind}",
            ["operationId"] = id,
            ["tags"] = new JsonArray(kind.Group.Length == 0 ? $"core_{kind.Version}" : $"{kind.Group.Split('.')[0]}_{kind.Version}"),
        };
        var allParameters = parameters.ToList();
        string[] mediaTypes = patch
            ? ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"]
            : ["application/json"];
        if (body is not null)
        {
            if (v3)
                operation["requestBody"] = new JsonObject
                {
                    ["content"] = new JsonObject(mediaTypes.Select(m => KeyValuePair.Create(m, (JsonNode?)new JsonObject { ["schema"] = body.DeepClone() }))),
                    ["required"] = true,
                };
            else
            {
                allParameters.Insert(0, new JsonObject { ["name"] = "body", ["in"] = "body", ["required"] = true, ["schema"] = body.DeepClone() });
                operation["consumes"] = new JsonArray(mediaTypes.Select(m => (JsonNode)m).ToArray());
            }
        }
        if (allParameters.Count > 0) operation["parameters"] = new JsonArray(allParameters.Select(p => p.DeepClone()).ToArray());
        operation["responses"] = new JsonObject
        {
            ["200"] = v3
                ? new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = response } } }
                : new JsonObject { ["description"] = "OK", ["schema"] = response },
        };
        if (!v3) operation["produces"] = new JsonArray("application/json");
        operation["x-kubernetes-action"] = action;
        operation["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = kind.Group, ["kind"] = kind.Kind, ["version"] = kind.Version };
        return operation;
    }

    private static JsonObject PathParameter(string name, bool v3) =>
        Parameter(name, "path", v3, required: true, type: "string", uniqueItems: true);

    private static JsonNode[] WriteParameters(bool v3, bool patch) =>
    [
        Parameter("dryRun", "query", v3),
        Parameter("fieldManager", "query", v3),
        Parameter("fieldValidation", "query", v3),
        .. patch ? new[] { Parameter("force", "query", v3, type: "boolean") } : [],
    ];

    private static JsonNode[] ListParameters(bool v3) =>
    [
        Parameter("continue", "query", v3),
        Parameter("fieldSelector", "query", v3),
        Parameter("labelSelector", "query", v3),
        Parameter("limit", "query", v3, type: "integer"),
        Parameter("resourceVersion", "query", v3),
        Parameter("timeoutSeconds", "query", v3, type: "integer"),
        Parameter("watch", "query", v3, type: "boolean"),
        Parameter("allowWatchBookmarks", "query", v3, type: "boolean"),
    ];

    private static JsonObject Parameter(string name, string where, bool v3, bool required = false, string type = "string", bool uniqueItems = true)
    {
        var parameter = new JsonObject { ["name"] = name, ["in"] = where };
        if (required) parameter["required"] = true;
        if (v3) parameter["schema"] = new JsonObject { ["type"] = type, ["uniqueItems"] = uniqueItems };
        else
        {
            parameter["type"] = type;
            parameter["uniqueItems"] = uniqueItems;
        }
        return parameter;
    }
}
