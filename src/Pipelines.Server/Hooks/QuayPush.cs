using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>
/// Quay's "push to repository" notification: <c>{"repository": "ns/app", "docker_url": "quay.io/ns/app", "updated_tags": ["1.2.0"],
/// …}</c>, one push per updated tag, on the registry its <c>docker_url</c> names (quay.io without one). Quay's webhook sends no
/// secret header, so its hook carries the secret in its URL. Pure.
/// </summary>
public static class QuayPush
{
    public static bool Is(JsonElement body) => body.Has("updated_tags") && body.Text("repository") is not null;

    public static IReadOnlyList<PushedTag> Pushes(JsonElement body)
    {
        if (body.Text("repository") is not { Length: > 0 } repository || !body.TryGetProperty("updated_tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("expected Quay's repository push: {\"repository\": …, \"updated_tags\": […]}");
        }
        var host = JsonText.HostOf(body.Text("docker_url")) ?? "quay.io";
        return tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String && t.GetString() is { Length: > 0 })
            .Select(t => new PushedTag($"{host}/{repository}", t.GetString()!)).ToList();
    }
}
