using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>
/// Harbor's webhook (HTTP, JSON): <c>{"type": "PUSH_ARTIFACT", "event_data": {"resources": [{"tag": "1.2.0", "digest": …,
/// "resource_url": "harbor.example.com/library/app:1.2.0"}], "repository": {"repo_full_name": "library/app", …}}}</c>. Other event
/// types (pulls, scans, deletions) push nothing. Harbor sends the policy's "Auth Header" as the <c>Authorization</c> header. Pure.
/// </summary>
public static class HarborPush
{
    public static bool Is(JsonElement body) => body.Text("type") is not null && body.Has("event_data");

    public static IReadOnlyList<PushedTag> Pushes(JsonElement body)
    {
        if (body.Text("type") is not { } type || !body.TryGetProperty("event_data", out var data))
        {
            throw new JsonException("expected Harbor's event: {\"type\": \"PUSH_ARTIFACT\", \"event_data\": {…}}");
        }
        if (type != "PUSH_ARTIFACT" || !data.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Array) return [];
        var repository = data.Text("repository", "repo_full_name")
            ?? (data.Text("repository", "namespace") is { } ns && data.Text("repository", "name") is { } name ? $"{ns}/{name}" : null);
        if (repository is null) throw new JsonException("Harbor's PUSH_ARTIFACT event names no repository (event_data.repository.repo_full_name)");
        return resources.EnumerateArray()
            .Where(r => r.Text("tag") is { Length: > 0 })
            .Select(r => new PushedTag(JsonText.HostOf(r.Text("resource_url")) is { } host ? $"{host}/{repository}" : repository, r.Text("tag")!))
            .ToList();
    }
}
