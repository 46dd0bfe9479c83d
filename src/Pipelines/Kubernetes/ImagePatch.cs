using System.Text.Json.Nodes;

namespace Pipelines.Kubernetes;

/// <summary>
/// The strategic merge patch that sets one container's image on a live workload, as <c>kubectl set image</c>
/// sends it: containers are merged by name, so the other containers and fields stay as they are.
/// </summary>
internal static class ImagePatch
{
    public static string For(string kind, string container, string image, bool isInitContainer = false)
    {
        var podSpec = new JsonObject
        {
            [isInitContainer ? "initContainers" : "containers"] = new JsonArray(new JsonObject { ["name"] = container, ["image"] = image }),
        };
        var template = new JsonObject { ["spec"] = podSpec };
        JsonObject spec = kind switch
        {
            "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Job" => new JsonObject { ["template"] = template },
            "CronJob" => new JsonObject { ["jobTemplate"] = new JsonObject { ["spec"] = new JsonObject { ["template"] = template } } },
            "Pod" => podSpec,
            _ => throw new ArgumentException($"{kind} has no pod template; set an image on a Deployment, StatefulSet, DaemonSet or CronJob.", nameof(kind)),
        };
        return new JsonObject { ["spec"] = spec }.ToJsonString();
    }
}
