using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// What the scheduler and the kubelet would do to a pod: bind it to the one emulated node, show it
/// ContainerCreating, and make it Running and Ready after the configured delay; a pod with an image that
/// cannot be pulled stays Pending with its container waiting in ImagePullBackOff.
/// </summary>
internal sealed class PodLifecycle(ClusterAccess cluster, ImageAvailability images, TimeSpan readyDelay)
{
    private readonly Dictionary<string, DateTimeOffset> firstSeen = [];

    /// <summary>Brings every pod's status up to date; returns when a pod will next change by time alone.</summary>
    public async Task<DateTimeOffset?> Reconcile(CancellationToken token)
    {
        DateTimeOffset? due = null;
        var pods = cluster.All(cluster.Catalog.Pods);
        var live = new HashSet<string>();
        foreach (var pod in pods)
        {
            var uid = pod.String("metadata", "uid") ?? "";
            live.Add(uid);
            // A pod already running (restored from a state folder) stays running.
            if (!firstSeen.TryGetValue(uid, out var seen))
                firstSeen[uid] = seen = pod.String("status", "phase") == "Running" ? cluster.UtcNow - readyDelay : cluster.UtcNow;
            var containers = (pod.At("spec", "containers") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            var pullable = new Dictionary<string, bool>();
            foreach (var c in containers)
            {
                var image = c.String("image") ?? "";
                pullable[image] = await images.CanPull(image, token);
            }
            var readyAt = seen + readyDelay;
            var started = cluster.UtcNow >= readyAt;
            if (!started) due = Earliest(due, readyAt);
            var status = Status(pod, containers, pullable, started);
            cluster.Change(cluster.Catalog.Pods, pod, p => p["status"] = status, subresource: "status");
        }
        foreach (var gone in firstSeen.Keys.Where(k => !live.Contains(k)).ToList()) firstSeen.Remove(gone);
        return due;
    }

    private JsonObject Status(JsonObject pod, List<JsonObject> containers, Dictionary<string, bool> pullable, bool started)
    {
        var previous = pod["status"] as JsonObject;
        var now = cluster.Now();
        var statuses = new JsonArray();
        var unready = new List<string>();
        foreach (var c in containers)
        {
            var name = c.String("name") ?? "";
            var image = c.String("image") ?? "";
            var running = started && pullable[image];
            if (!running) unready.Add(name);
            var previousState = (previous?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(s => s.String("name") == name)?["state"];
            JsonObject state = running
                ? previousState?["running"] is JsonObject r ? new JsonObject { ["running"] = r.DeepClone() } : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } }
                : new JsonObject
                {
                    ["waiting"] = pullable[image]
                        ? new JsonObject { ["reason"] = "ContainerCreating" }
                        : new JsonObject
                        {
                            ["reason"] = "ImagePullBackOff",
                            ["message"] = $"Back-off pulling image \"{image}\": ErrImagePull: failed to pull and unpack image \"{image}\": not found",
                        },
                };
            statuses.Add(new JsonObject
            {
                ["name"] = name,
                ["state"] = state,
                ["lastState"] = new JsonObject(),
                ["ready"] = running,
                ["restartCount"] = 0,
                ["image"] = image,
                ["imageID"] = running ? ImageId(image) : "",
                ["containerID"] = running ? $"containerd://{Hex(pod.String("metadata", "uid") + name, 64)}" : null,
                ["started"] = running,
            });
            if (!running) ((JsonObject)statuses[^1]!).Remove("containerID");
        }
        var ready = unready.Count == 0;
        var status = new JsonObject { ["phase"] = ready ? "Running" : "Pending" };
        var working = previous?.DeepClone() as JsonObject ?? new JsonObject();
        var notReadyMessage = $"containers with unready status: [{string.Join(" ", unready)}]";
        Conditions.Set(working, "PodReadyToStartContainers", started ? "True" : "False", "", "", now, withUpdateTime: false);
        Conditions.Set(working, "Initialized", "True", "", "", now, withUpdateTime: false);
        Conditions.Set(working, "Ready", ready ? "True" : "False", ready ? "" : "ContainersNotReady", ready ? "" : notReadyMessage, now, withUpdateTime: false);
        Conditions.Set(working, "ContainersReady", ready ? "True" : "False", ready ? "" : "ContainersNotReady", ready ? "" : notReadyMessage, now, withUpdateTime: false);
        Conditions.Set(working, "PodScheduled", "True", "", "", now, withUpdateTime: false);
        var conditions = (JsonArray)working["conditions"]!.DeepClone();
        foreach (var condition in conditions.OfType<JsonObject>())
        {
            condition["lastProbeTime"] = null;
            if ((string?)condition["reason"] == "") condition.Remove("reason");
            if ((string?)condition["message"] == "") condition.Remove("message");
        }
        status["conditions"] = conditions;
        var ip = PodIp(pod.String("metadata", "uid") ?? "");
        status["hostIP"] = "10.0.0.10";
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "10.0.0.10" });
        status["podIP"] = ip;
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        status["startTime"] = previous?["startTime"]?.DeepClone() ?? now;
        status["containerStatuses"] = statuses;
        status["qosClass"] = "BestEffort";
        return status;
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a.Value;

    private static string PodIp(string uid)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(uid));
        return $"10.244.{bytes[0]}.{bytes[1] % 254 + 1}";
    }

    /// <summary>What a kubelet reports as a running container's imageID: the repository and the digest pulled. An image pulled by
    /// digest reports that digest; one pulled by tag a digest made up from the reference (the emulator pulls nothing).</summary>
    private static string ImageId(string image)
    {
        var at = image.IndexOf('@');
        var withoutDigest = at < 0 ? image : image[..at];
        var colon = withoutDigest.LastIndexOf(':');
        var repository = colon > withoutDigest.LastIndexOf('/') ? withoutDigest[..colon] : withoutDigest;
        return at < 0 ? $"{repository}@sha256:{Hex(image, 64)}" : $"{repository}{image[at..]}";
    }

    private static string Hex(string seed, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..length];
}
