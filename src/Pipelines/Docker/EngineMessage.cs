using System.Text.Json;
using Docker.DotNet;

namespace Pipelines.Docker;

/// <summary>The engine's own words from an error response (<c>{"message": "…"}</c>), without the client's wrapping.</summary>
static class EngineMessage
{
    public static string From(DockerApiException e)
    {
        try
        {
            using var body = JsonDocument.Parse(e.ResponseBody);
            if (body.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text) return text;
        }
        catch (JsonException)
        {
        }
        return string.IsNullOrWhiteSpace(e.ResponseBody) ? $"HTTP {(int)e.StatusCode}" : e.ResponseBody.Trim();
    }
}
