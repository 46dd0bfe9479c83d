using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>An answer of the API: the HTTP status code and the JSON body (an object, a list or a Status).</summary>
public sealed record ApiResult(int Code, JsonNode Body)
{
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>Warnings for the client (unknown fields with fieldValidation=Warn), sent as <c>Warning: 299 - "…"</c> headers.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static ApiResult Ok(JsonNode body) => new(200, body);

    public static ApiResult Created(JsonNode body) => new(201, body);
}
