using System.Text.Json;

namespace Pipelines.Server.Hooks;

/// <summary>
/// Reads the tags a registry's push body names, by service; and, for a body sent to the generic <c>/hooks/image</c>, which
/// service's it is, by its shape. Pure: body in, pushes out; a body that is not its service's shape is a <see cref="JsonException"/>.
/// </summary>
public static class PushBody
{
    public static IReadOnlyList<PushedTag> Read(RegistryService service, string body, string? gitHubEvent = null)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        return service switch
        {
            RegistryService.Distribution => RegistryNotification.Pushes(body),
            RegistryService.DockerHub => DockerHubPush.Pushes(root),
            RegistryService.Quay => QuayPush.Pushes(root),
            RegistryService.Harbor => HarborPush.Pushes(root),
            RegistryService.GitHub => GitHubPackagePush.Pushes(gitHubEvent ?? "package", root),
            RegistryService.Azure => AzurePush.Pushes(root),
            _ => throw new ArgumentOutOfRangeException(nameof(service)),
        };
    }

    /// <summary>Which service sent <paramref name="body"/>, judged by the fields only it has; null for a body of no known shape.</summary>
    public static RegistryService? Detect(string body, string? gitHubEvent)
    {
        if (gitHubEvent is not null && GitHubPackagePush.Events.Contains(gitHubEvent)) return RegistryService.GitHub;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.Has("events")) return RegistryService.Distribution;
            if (DockerHubPush.Is(root)) return RegistryService.DockerHub;
            if (QuayPush.Is(root)) return RegistryService.Quay;
            if (HarborPush.Is(root)) return RegistryService.Harbor;
            if (AzurePush.Is(root)) return RegistryService.Azure;
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
