using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>Failure answers with the Status bodies, reasons and messages of the real API server.</summary>
public static class ApiErrors
{
    public static ApiResult NotFound(ResourceKind kind, string name) =>
        Failure(404, "NotFound", $"{kind.QualifiedPlural} \"{name}\" not found", Details(kind, name));

    public static ApiResult NamespaceNotFound(string ns) =>
        Failure(404, "NotFound", $"namespaces \"{ns}\" not found", new JsonObject { ["name"] = ns, ["kind"] = "namespaces" });

    public static ApiResult UnknownResource() =>
        Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static ApiResult AlreadyExists(ResourceKind kind, string name) =>
        Failure(409, "AlreadyExists", $"{kind.QualifiedPlural} \"{name}\" already exists", Details(kind, name));

    public static ApiResult Conflict(ResourceKind kind, string name) =>
        Failure(409, "Conflict",
            $"Operation cannot be fulfilled on {kind.QualifiedPlural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Details(kind, name));

    /// <summary>403 for an object admission refuses (a quota): <c>pods "web-x" is forbidden: exceeded quota: …</c>.</summary>
    public static ApiResult Forbidden(ResourceKind kind, string name, string why) =>
        Failure(403, "Forbidden", $"{kind.QualifiedPlural} \"{name}\" is forbidden: {why}", Details(kind, name));

    public static ApiResult BadRequest(string message) => Failure(400, "BadRequest", message, null);

    /// <summary>A fault of the emulator itself (500 InternalError), with what went wrong.</summary>
    public static ApiResult Internal(string error) =>
        Failure(500, "InternalError", $"Internal error occurred: {error}", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = error }) });

    /// <summary>429 as API priority and fairness answers an overloaded server's callers (they retry after the given seconds).</summary>
    public static ApiResult TooManyRequests(int retryAfterSeconds) =>
        Failure(429, "TooManyRequests", "Too many requests, please try again later.", new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds });

    public static ApiResult ServiceUnavailable() =>
        Failure(503, "ServiceUnavailable", "the server is currently unable to handle the request", new JsonObject());

    /// <summary>An error the API server does not classify (reason unknown, left out), e.g. an applied configuration it cannot type.</summary>
    public static ApiResult Unclassified(int code, string message) => Failure(code, null, message, null);

    public static ApiResult MethodNotAllowed(string message) => Failure(405, "MethodNotAllowed", message, null);

    public static ApiResult UnsupportedMediaType(string contentType) =>
        Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {contentType})", null);

    public static ApiResult Gone(long requested, long oldest) =>
        Failure(410, "Expired", $"too old resource version: {requested} ({oldest})", null);

    public static ApiResult Invalid(ResourceKind kind, string name, params FieldError[] errors) =>
        Failure(422, "Invalid",
            $"{kind.QualifiedKind} \"{name}\" is invalid: " + string.Join(", ", errors.Select(e => $"{e.Field}: {e.Message}")),
            new JsonObject
            {
                ["name"] = name,
                ["group"] = kind.Group.Length == 0 ? null : kind.Group,
                ["kind"] = kind.Kind,
                ["causes"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject
                {
                    ["reason"] = e.Reason,
                    ["message"] = e.Message,
                    ["field"] = e.Field,
                }).ToArray()),
            });

    /// <summary>A Status whose status is Success, as some deletes answer.</summary>
    public static ApiResult Success(ResourceKind kind, string name) =>
        new(200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = Details(kind, name),
        });

    private static JsonObject Details(ResourceKind kind, string name)
    {
        var details = new JsonObject { ["name"] = name };
        if (kind.Group.Length > 0) details["group"] = kind.Group;
        details["kind"] = kind.Plural;
        return details;
    }

    private static ApiResult Failure(int code, string? reason, string message, JsonObject? details)
    {
        var body = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
        };
        if (reason is not null) body["reason"] = reason;
        if (details is not null)
        {
            if (details["group"] is null) details.Remove("group");
            body["details"] = details;
        }
        body["code"] = code;
        return new ApiResult(code, body);
    }
}
