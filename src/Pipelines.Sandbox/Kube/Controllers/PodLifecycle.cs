using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Objects;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// What the scheduler and the kubelet would do to a pod: bind it to the one emulated node when its requests fit (else it
/// stays Pending, Unschedulable), show it ContainerCreating, then after the configured delay Running and Ready — or, by
/// its images: ImagePullBackOff (cannot be pulled), CrashLoopBackOff (exits again and again), or Running but not Ready (a
/// failing readiness probe). The events a real cluster records go with each step.
/// </summary>
internal sealed class PodLifecycle(ClusterAccess cluster, WorkQueue queue, ImageAvailability images, EventRecorder events, TimeSpan readyDelay, NodeCapacity node)
{
    /// <summary>How often a crash-looping container is counted as restarted (the kubelet's back-off grows to 5 minutes; this stays short).</summary>
    private static readonly TimeSpan CrashInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, DateTimeOffset> firstSeen = [];
    private readonly Dictionary<string, HashSet<string>> recorded = [];
    private readonly Dictionary<ObjectKey, string> uids = [];
    private readonly NodeUsage usage = new();

    /// <summary>Pods that wait on something outside themselves (room on the node, an image to appear in the registry): they
    /// are looked at again on every pass, as the scheduler and the kubelet retry.</summary>
    private HashSet<ObjectKey> waiting = [];

    /// <summary>Brings the queued pods' status up to date; a pod that time alone will change is queued again for then.</summary>
    public async Task Reconcile(IReadOnlySet<ObjectKey> work, CancellationToken token)
    {
        var kind = cluster.Catalog.Pods;
        var keys = work.Where(k => k.Kind == kind).Union(waiting).ToList();
        waiting = [];
        foreach (var key in keys)
        {
            if (cluster.Get(key) is not { } pod)
            {
                Forget(key);
                continue;
            }
            var uid = pod.String("metadata", "uid") ?? "";
            if (uids.TryGetValue(key, out var previous) && previous != uid) Forget(key);   // deleted and made again under its name
            uids[key] = uid;
            usage.Track(key, pod);
            if (pod.String("metadata", "deletionTimestamp") is not null) continue;
            if (string.IsNullOrEmpty(pod.String("spec", "nodeName")) && !Schedule(pod))
            {
                waiting.Add(key);
                continue;
            }
            pod = cluster.Get(kind, pod) ?? pod;
            usage.Track(key, pod);
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
            if (!started) queue.AddAfter(key, readyAt);
            if (pullable.ContainsValue(false)) waiting.Add(key);
            var (status, next) = Status(pod, containers, pullable, started, readyAt);
            if (next is not null) queue.AddAfter(key, next.Value);
            cluster.Change(kind, pod, p => p["status"] = status, subresource: "status");
            RecordKubeletEvents(pod, containers, pullable, started);
        }
    }

    /// <summary>Drops what was kept about the pod that had this key: it is gone.</summary>
    private void Forget(ObjectKey key)
    {
        usage.Forget(key);
        if (!uids.Remove(key, out var uid)) return;
        firstSeen.Remove(uid);
        recorded.Remove(uid);
    }

    /// <summary>Binds the pod to the node if its requests fit; otherwise marks it Unschedulable, as the scheduler does.</summary>
    private bool Schedule(JsonObject pod)
    {
        var kind = cluster.Catalog.Pods;
        if (node.WhyNotFits(pod, usage.Used) is { } why)
        {
            cluster.Change(kind, pod, p =>
            {
                var status = p["status"] as JsonObject ?? new JsonObject();
                status["phase"] = "Pending";
                Conditions.Set(status, "PodScheduled", "False", "Unschedulable", why, cluster.Now(), withUpdateTime: false);
                foreach (var c in (status["conditions"] as JsonArray)!.OfType<JsonObject>()) c["lastProbeTime"] = null;
                status["qosClass"] = "Burstable";
                p["status"] = status;
            }, subresource: "status");
            Once(pod, "FailedScheduling", () => events.Warning(kind, pod, "FailedScheduling", why, "default-scheduler"));
            return false;
        }
        cluster.Change(kind, pod, p => p.Ensure("spec")["nodeName"] = ClusterAccess.NodeName);
        Once(pod, "Scheduled", () => events.Normal(kind, pod, "Scheduled", $"Successfully assigned {pod.Namespace()}/{pod.Name()} to {ClusterAccess.NodeName}", "default-scheduler"));
        return true;
    }

    private (JsonObject Status, DateTimeOffset? Next) Status(JsonObject pod, List<JsonObject> containers, Dictionary<string, bool> pullable, bool started, DateTimeOffset readyAt)
    {
        var previous = pod["status"] as JsonObject;
        var now = cluster.Now();
        var statuses = new JsonArray();
        var unready = new List<string>();
        var waiting = false;
        DateTimeOffset? next = null;
        foreach (var c in containers)
        {
            var name = c.String("name") ?? "";
            var image = c.String("image") ?? "";
            var previousStatus = (previous?["containerStatuses"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(s => s.String("name") == name);
            var restarts = 0L;
            JsonObject lastState = new();
            JsonObject state;
            var running = false;
            var ready = false;
            if (!started || !pullable[image])
            {
                state = new JsonObject
                {
                    ["waiting"] = pullable[image]
                        ? new JsonObject { ["reason"] = "ContainerCreating" }
                        : new JsonObject
                        {
                            ["reason"] = "ImagePullBackOff",
                            ["message"] = $"Back-off pulling image \"{image}\": ErrImagePull: failed to pull and unpack image \"{image}\": not found",
                        },
                };
            }
            else if (images.Crashes(image))
            {
                var crashes = Math.Min(5, 1 + (long)((cluster.UtcNow - readyAt) / CrashInterval));
                if (crashes < 5) next = Earliest(next, readyAt + CrashInterval * crashes);
                restarts = crashes;
                lastState = new JsonObject
                {
                    ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["startedAt"] = now, ["finishedAt"] = now, ["containerID"] = ContainerId(pod, name) },
                };
                state = new JsonObject
                {
                    ["waiting"] = new JsonObject
                    {
                        ["reason"] = "CrashLoopBackOff",
                        ["message"] = $"back-off 10s restarting failed container={name} pod={pod.Name()}_{pod.Namespace()}({pod.String("metadata", "uid")})",
                    },
                };
            }
            else
            {
                running = true;
                ready = !images.NeverReady(image);
                state = previousStatus?["state"]?["running"] is JsonObject r ? new JsonObject { ["running"] = r.DeepClone() } : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = now } };
            }
            if (!ready) unready.Add(name);
            if (!running && restarts == 0) waiting = true;
            var status = new JsonObject
            {
                ["name"] = name,
                ["state"] = state,
                ["lastState"] = lastState,
                ["ready"] = ready,
                ["restartCount"] = restarts,
                ["image"] = image,
                ["imageID"] = running || restarts > 0 ? ImageId(image) : "",
                ["started"] = running,
            };
            if (running || restarts > 0) status["containerID"] = ContainerId(pod, name);
            statuses.Add(status);
        }
        var allReady = unready.Count == 0;
        var result = new JsonObject { ["phase"] = waiting ? "Pending" : "Running" };
        var working = previous?.DeepClone() as JsonObject ?? new JsonObject();
        var notReadyMessage = $"containers with unready status: [{string.Join(" ", unready)}]";
        Conditions.Set(working, "PodReadyToStartContainers", started ? "True" : "False", "", "", now, withUpdateTime: false);
        Conditions.Set(working, "Initialized", "True", "", "", now, withUpdateTime: false);
        Conditions.Set(working, "Ready", allReady ? "True" : "False", allReady ? "" : "ContainersNotReady", allReady ? "" : notReadyMessage, now, withUpdateTime: false);
        Conditions.Set(working, "ContainersReady", allReady ? "True" : "False", allReady ? "" : "ContainersNotReady", allReady ? "" : notReadyMessage, now, withUpdateTime: false);
        Conditions.Set(working, "PodScheduled", "True", "", "", now, withUpdateTime: false);
        var conditions = (JsonArray)working["conditions"]!.DeepClone();
        foreach (var condition in conditions.OfType<JsonObject>())
        {
            condition["lastProbeTime"] = null;
            if ((string?)condition["reason"] == "") condition.Remove("reason");
            if ((string?)condition["message"] == "") condition.Remove("message");
        }
        result["conditions"] = conditions;
        var ip = PodIp(pod.String("metadata", "uid") ?? "");
        result["hostIP"] = "10.0.0.10";
        result["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "10.0.0.10" });
        result["podIP"] = ip;
        result["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip });
        result["startTime"] = previous?["startTime"]?.DeepClone() ?? now;
        result["containerStatuses"] = statuses;
        result["qosClass"] = NodeCapacity.Requests(pod) is { Cpu: 0, Memory: 0 } ? "BestEffort" : "Burstable";
        return (result, next);
    }

    /// <summary>The kubelet's events, each once per pod: pulling, pulled or failed to pull, created, started, back-off, unhealthy.</summary>
    private void RecordKubeletEvents(JsonObject pod, List<JsonObject> containers, Dictionary<string, bool> pullable, bool started)
    {
        var kind = cluster.Catalog.Pods;
        foreach (var c in containers)
        {
            var name = c.String("name") ?? "";
            var image = c.String("image") ?? "";
            Once(pod, "Pulling/" + name, () => events.Normal(kind, pod, "Pulling", $"Pulling image \"{image}\"", "kubelet"));
            if (!started) continue;
            if (!pullable[image])
            {
                Once(pod, "Failed/" + name, () =>
                {
                    events.Warning(kind, pod, "Failed", $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found", "kubelet");
                    events.Warning(kind, pod, "Failed", "Error: ErrImagePull", "kubelet");
                    events.Normal(kind, pod, "BackOff", $"Back-off pulling image \"{image}\"", "kubelet");
                    events.Warning(kind, pod, "Failed", "Error: ImagePullBackOff", "kubelet");
                });
                continue;
            }
            Once(pod, "Started/" + name, () =>
            {
                events.Normal(kind, pod, "Pulled", $"Successfully pulled image \"{image}\" in {readyDelay.TotalMilliseconds:0}ms ({readyDelay.TotalMilliseconds:0}ms including waiting)", "kubelet");
                events.Normal(kind, pod, "Created", $"Created container: {name}", "kubelet");
                events.Normal(kind, pod, "Started", $"Started container {name}", "kubelet");
            });
            if (images.Crashes(image))
                Once(pod, "BackOff/" + name, () => events.Warning(kind, pod, "BackOff",
                    $"Back-off restarting failed container {name} in pod {pod.Name()}_{pod.Namespace()}({pod.String("metadata", "uid")})", "kubelet"));
            else if (images.NeverReady(image))
                Once(pod, "Unhealthy/" + name, () => events.Warning(kind, pod, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", "kubelet"));
        }
    }

    private void Once(JsonObject pod, string what, Action record)
    {
        var uid = pod.String("metadata", "uid") ?? "";
        if (!recorded.TryGetValue(uid, out var done)) recorded[uid] = done = [];
        if (done.Add(what)) record();
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is null || b < a ? b : a.Value;

    private static string ContainerId(JsonObject pod, string name) => $"containerd://{Hex(pod.String("metadata", "uid") + name, 64)}";

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
