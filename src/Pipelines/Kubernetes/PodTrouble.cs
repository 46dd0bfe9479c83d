using System.Text.Json.Nodes;
using static Pipelines.Kubernetes.WorkloadJson;

namespace Pipelines.Kubernetes;

/// <summary>
/// Why one pod (or one of its containers) is not running as it should, read from its status as <c>kubectl describe</c>
/// shows it. <paramref name="Unrecoverable"/> marks states that do not end by waiting (a bad image, a crash loop, a
/// missing ConfigMap or Secret): held for the failure grace, they fail the rollout early.
/// </summary>
internal sealed record PodTrouble(string Pod, string? Container, string Reason, string? Message, bool Unrecoverable)
{
    /// <summary>The container waiting reasons of the kubelet that waiting does not cure.</summary>
    public static readonly string[] UnrecoverableReasons =
        ["ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError"];

    /// <summary>The same trouble of the same container over time (a pull alternates ErrImagePull and ImagePullBackOff).</summary>
    public string Key => $"{Pod}/{Container}";

    public string Text => $"pod/{Pod}: {(Container is null ? "" : Container + " ")}{Reason}{(string.IsNullOrEmpty(Message) ? "" : $" ({Message})")}";

    /// <summary>Pure: the troubles of pods as the API serves them. A pod that is Ready has none.</summary>
    public static IReadOnlyList<PodTrouble> Of(IEnumerable<JsonObject> pods)
    {
        var troubles = new List<PodTrouble>();
        foreach (var pod in pods)
        {
            var name = Text(pod, "metadata", "name") ?? "";
            if (At(pod, "metadata", "deletionTimestamp") is not null) continue;
            var conditions = Objects(pod, "status", "conditions").ToList();
            if (Text(pod, "status", "phase") == "Failed")
            {
                troubles.Add(new PodTrouble(name, null, Text(pod, "status", "reason") ?? "Failed", Text(pod, "status", "message"), true));
                continue;
            }
            if (conditions.FirstOrDefault(c => Text(c, "type") == "PodScheduled") is { } scheduled && Text(scheduled, "status") == "False")
            {
                // The scheduler may yet find room (a cluster autoscaler adds nodes): reported, not failed early.
                troubles.Add(new PodTrouble(name, null, Text(scheduled, "reason") ?? "Unschedulable", Text(scheduled, "message"), false));
                continue;
            }
            foreach (var status in Objects(pod, "status", "initContainerStatuses").Concat(Objects(pod, "status", "containerStatuses")))
            {
                var container = Text(status, "name");
                if (At(status, "state", "waiting") is JsonObject waiting && Text(waiting, "reason") is { } reason && reason is not ("ContainerCreating" or "PodInitializing"))
                {
                    troubles.Add(new PodTrouble(name, container, reason, Text(waiting, "message"), UnrecoverableReasons.Contains(reason)));
                }
                else if (At(status, "state", "terminated") is JsonObject terminated && (Number(terminated, "exitCode") ?? 0) != 0)
                {
                    troubles.Add(new PodTrouble(name, container, Text(terminated, "reason") ?? "Error", $"exit code {Number(terminated, "exitCode")}", (Number(status, "restartCount") ?? 0) > 0));
                }
                else if (At(status, "state", "running") is not null && At(status, "ready") is JsonValue ready && ready.GetValueKind() == System.Text.Json.JsonValueKind.False
                         && (Number(status, "restartCount") ?? 0) > 0 && At(status, "lastState", "terminated") is JsonObject last)
                {
                    // Between two crashes of a crash loop the container runs for a moment: still the same loop.
                    troubles.Add(new PodTrouble(name, container, "CrashLoopBackOff", $"restarted {Number(status, "restartCount")} times, last exit code {Number(last, "exitCode")}", true));
                }
                else if (At(status, "state", "running") is not null && At(status, "ready") is JsonValue notReady && notReady.GetValueKind() == System.Text.Json.JsonValueKind.False
                         && conditions.Any(c => Text(c, "type") == "ContainersReady" && Text(c, "status") == "False"))
                {
                    troubles.Add(new PodTrouble(name, container, "NotReady", "running, but its readiness probe does not pass", false));
                }
            }
        }
        return troubles;
    }
}
