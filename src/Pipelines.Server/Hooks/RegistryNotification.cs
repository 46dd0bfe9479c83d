using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>
/// The distribution registry's notification envelope (<c>application/vnd.docker.distribution.events.v1+json</c>:
/// <c>{"events":[{"action":"push","target":{"repository","tag",…},"request":{"host"}…}]}</c>) read into the tags pushed.
/// Pulls, blob pushes and manifest pushes by digest only (no tag) name nothing new for automation. Pure.
/// </summary>
public static class RegistryNotification
{
    public const string MediaType = "application/vnd.docker.distribution.events.v1+json";

    /// <summary>The tags pushed; throws <see cref="JsonException"/> for a body that is not an envelope.</summary>
    public static IReadOnlyList<PushedTag> Pushes(string body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("expected a notification envelope: {\"events\": [...]}");
        }
        var pushes = new List<PushedTag>();
        foreach (var e in events.EnumerateArray())
        {
            if (Text(e, "action") != "push" || !e.TryGetProperty("target", out var target)) continue;
            if (Text(target, "tag") is not { Length: > 0 } tag || Text(target, "repository") is not { Length: > 0 } repository) continue;
            var host = e.TryGetProperty("request", out var request) ? Text(request, "host") : null;
            pushes.Add(new PushedTag(host is { Length: > 0 } ? $"{host}/{repository}" : repository, tag));
        }
        return pushes;
    }

    /// <summary>The Authorization header carries the shared secret, as <c>Bearer &lt;secret&gt;</c> or bare. Constant time.</summary>
    public static bool Authorized(string? authorization, string secret)
    {
        if (authorization is null) return false;
        var presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : authorization.Trim();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(secret));
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
