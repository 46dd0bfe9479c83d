using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pipelines.Sandbox.Kube.Api;

/// <summary>Writing JSON answers to HTTP responses.</summary>
internal static class HttpResults
{
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task Write(HttpContext context, ApiResult result)
    {
        foreach (var warning in result.Warnings) context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        return Write(context, result.Code, result.Body);
    }

    public static async Task Write(HttpContext context, int code, JsonNode body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(Json), context.RequestAborted);
    }
}
