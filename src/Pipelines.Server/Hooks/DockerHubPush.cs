using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>
/// Docker Hub's repository webhook: <c>{"push_data": {"tag": "1.2.0", "pusher": …}, "repository": {"repo_name": "team/app", …},
/// "callback_url": …}</c>. The image is on Docker Hub (<c>docker.io/team/app</c>). Docker Hub sends no header a secret could go
/// in, so its hook carries the secret in its URL. Pure.
/// </summary>
public static class DockerHubPush
{
    public static bool Is(JsonElement body) => body.Has("push_data") && body.Text("repository", "repo_name") is not null;

    public static IReadOnlyList<PushedTag> Pushes(JsonElement body) =>
        body.Text("repository", "repo_name") is { Length: > 0 } repository && body.Text("push_data", "tag") is { Length: > 0 } tag
            ? [new PushedTag($"docker.io/{repository}", tag)]
            : throw new JsonException("expected Docker Hub's push: {\"push_data\": {\"tag\": …}, \"repository\": {\"repo_name\": …}}");
}
