using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>
/// Azure Container Registry's webhook: one event per request, <c>{"action": "push", "target": {"repository": "app", "tag": "1.2.0",
/// "digest": …}, "request": {"host": "myregistry.azurecr.io", …}}</c> (the distribution registry's event, without the envelope).
/// Azure lets a webhook send custom headers, so its secret goes in <c>Authorization</c>. Pure.
/// </summary>
public static class AzurePush
{
    public static bool Is(JsonElement body) => body.Text("action") is not null && body.Has("target") && !body.Has("events");

    public static IReadOnlyList<PushedTag> Pushes(JsonElement body)
    {
        if (body.Text("action") is not { } action || !body.Has("target")) throw new JsonException("expected Azure's event: {\"action\": \"push\", \"target\": {…}}");
        if (action != "push" || body.Text("target", "tag") is not { Length: > 0 } tag || body.Text("target", "repository") is not { Length: > 0 } repository) return [];
        return [new PushedTag(body.Text("request", "host") is { Length: > 0 } host ? $"{host}/{repository}" : repository, tag)];
    }
}
