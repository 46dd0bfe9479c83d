using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// The defaults the API server fills in on every write (as its defaulting functions do), so that what
/// clients read back looks like what a real cluster returns.
/// </summary>
public static class Defaults
{
    public static void Apply(ResourceKind kind, JsonObject obj)
    {
        switch (kind.Kind)
        {
            case "Namespace":
                obj.Ensure("spec").Default("finalizers", new JsonArray("kubernetes"));
                obj.Meta().Ensure("labels")["kubernetes.io/metadata.name"] = obj.Name();
                break;
            case "Pod":
                PodSpec(obj.Ensure("spec"));
                break;
            case "Service":
                Service(obj);
                break;
            case "Secret":
                Secret(obj);
                break;
            case "Deployment":
                Deployment(obj.Ensure("spec"));
                break;
            case "ReplicaSet":
                obj.Ensure("spec").Default("replicas", 1);
                break;
            case "StatefulSet":
                var sts = obj.Ensure("spec");
                sts.Default("replicas", 1);
                sts.Default("podManagementPolicy", "OrderedReady");
                sts.Default("revisionHistoryLimit", 10);
                sts.Default("updateStrategy", new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } });
                break;
            case "DaemonSet":
                var ds = obj.Ensure("spec");
                ds.Default("revisionHistoryLimit", 10);
                ds.Default("updateStrategy", new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 },
                });
                break;
            case "Job":
                var job = obj.Ensure("spec");
                job.Default("parallelism", 1);
                job.Default("completions", 1);
                job.Default("backoffLimit", 6);
                break;
            case "CronJob":
                var cron = obj.Ensure("spec");
                cron.Default("concurrencyPolicy", "Allow");
                cron.Default("suspend", false);
                cron.Default("successfulJobsHistoryLimit", 3);
                cron.Default("failedJobsHistoryLimit", 1);
                break;
        }
        if (kind.PodTemplatePath is { } path && obj.At(path) is JsonObject template)
            PodSpec(template.Ensure("spec"));
    }

    private static void Deployment(JsonObject spec)
    {
        spec.Default("replicas", 1);
        spec.Default("revisionHistoryLimit", 10);
        spec.Default("progressDeadlineSeconds", 600);
        var strategy = spec.Ensure("strategy");
        strategy.Default("type", "RollingUpdate");
        if ((string?)strategy["type"] == "RollingUpdate")
        {
            var rolling = strategy.Ensure("rollingUpdate");
            rolling.Default("maxUnavailable", "25%");
            rolling.Default("maxSurge", "25%");
        }
    }

    private static void PodSpec(JsonObject spec)
    {
        spec.Default("restartPolicy", "Always");
        spec.Default("terminationGracePeriodSeconds", 30);
        spec.Default("dnsPolicy", "ClusterFirst");
        spec.Default("securityContext", new JsonObject());
        spec.Default("schedulerName", "default-scheduler");
        foreach (var list in new[] { "containers", "initContainers" })
        {
            if (spec[list] is not JsonArray containers) continue;
            foreach (var container in containers.OfType<JsonObject>())
            {
                var image = (string?)container["image"] ?? "";
                container.Default("imagePullPolicy", ImagePullPolicy(image));
                container.Default("terminationMessagePath", "/dev/termination-log");
                container.Default("terminationMessagePolicy", "File");
                container.Default("resources", new JsonObject());
                if (container["ports"] is JsonArray ports)
                    foreach (var port in ports.OfType<JsonObject>()) port.Default("protocol", "TCP");
            }
        }
    }

    /// <summary>Always for :latest or an untagged image, else IfNotPresent.</summary>
    public static string ImagePullPolicy(string image)
    {
        if (image.Contains('@')) return "IfNotPresent";
        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var tag = colon > lastSlash ? image[(colon + 1)..] : null;
        return tag is null or "latest" ? "Always" : "IfNotPresent";
    }

    private static void Service(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        spec.Default("type", "ClusterIP");
        spec.Default("sessionAffinity", "None");
        if ((string?)spec["type"] != "ExternalName")
        {
            spec.Default("clusterIP", ClusterIp(obj.Namespace() ?? "", obj.Name()));
            spec.Default("clusterIPs", new JsonArray((string?)spec["clusterIP"]));
            spec.Default("ipFamilies", new JsonArray("IPv4"));
            spec.Default("ipFamilyPolicy", "SingleStack");
            spec.Default("internalTrafficPolicy", "Cluster");
        }
        if (spec["ports"] is JsonArray ports)
            foreach (var port in ports.OfType<JsonObject>())
            {
                port.Default("protocol", "TCP");
                port.Default("targetPort", port["port"]?.DeepClone());
            }
        obj.Default("status", new JsonObject { ["loadBalancer"] = new JsonObject() });
    }

    private static void Secret(JsonObject obj)
    {
        obj.Default("type", "Opaque");
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = obj.Ensure("data");
            foreach (var (key, value) in stringData)
                data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.ToString() ?? ""));
            obj.Remove("stringData");
        }
    }

    /// <summary>A stable address in 10.96.0.0/16 for a service, derived from its name.</summary>
    private static string ClusterIp(string ns, string name)
    {
        var hash = 17u;
        foreach (var c in ns + "/" + name) hash = unchecked(hash * 31 + c);
        return $"10.96.{(hash >> 8) % 256}.{hash % 254 + 1}";
    }
}
