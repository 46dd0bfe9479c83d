using System.Text.Json.Nodes;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// Fields an update may not change, as the API server's update validation refuses them: the selector of Deployments,
/// ReplicaSets and DaemonSets; everything of a StatefulSet's spec but its replicas, template, update strategy, ordinals,
/// PVC retention policy and minReadySeconds; a Job's selector and pod template; a Service's clusterIP; the data of an
/// immutable ConfigMap or Secret; a Pod's spec but its images (and a few fields); a CRD's scope.
/// </summary>
public static class Immutability
{
    private static readonly string[] StatefulSetMutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];

    public static IReadOnlyList<FieldError> Check(ResourceKind kind, JsonObject current, JsonObject updated)
    {
        var errors = new List<FieldError>();
        void Fixed(string field, params string[] path)
        {
            var before = current.At(path);
            if (before is not null && !JsonNode.DeepEquals(before, updated.At(path)))
                errors.Add(new FieldError(field, "FieldValueInvalid", $"Invalid value: {updated.At(path)?.ToJsonString() ?? "null"}: field is immutable"));
        }
        switch (kind.Group, kind.Kind)
        {
            case ("apps", "Deployment" or "ReplicaSet" or "DaemonSet"):
                Fixed("spec.selector", "spec", "selector");
                break;
            case ("apps", "StatefulSet"):
                var a = Without(current["spec"], StatefulSetMutable);
                var b = Without(updated["spec"], StatefulSetMutable);
                if (!JsonNode.DeepEquals(a, b))
                    errors.Add(new FieldError("spec", "FieldValueForbidden",
                        "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
                break;
            case ("batch", "Job"):
                Fixed("spec.selector", "spec", "selector");
                Fixed("spec.template", "spec", "template");
                Fixed("spec.completions", "spec", "completions");
                break;
            case ("", "Service"):
                if (current.String("spec", "clusterIP") is { Length: > 0 } ip && ip != "None" && updated.String("spec", "clusterIP") is { } next && next != ip)
                    errors.Add(FieldError.Invalid("spec.clusterIP", next, "field is immutable"));
                break;
            case ("", "ConfigMap" or "Secret"):
                if (current["immutable"] is JsonValue flag && flag.GetValueKind() == System.Text.Json.JsonValueKind.True)
                {
                    if (!JsonNode.DeepEquals(current["data"], updated["data"]) || !JsonNode.DeepEquals(current["binaryData"], updated["binaryData"]))
                        errors.Add(new FieldError("data", "FieldValueForbidden", "Forbidden: field is immutable when `immutable` is set"));
                    if (!JsonNode.DeepEquals(current["immutable"], updated["immutable"]))
                        errors.Add(new FieldError("immutable", "FieldValueForbidden", "Forbidden: field is immutable when `immutable` is set"));
                }
                break;
            case ("", "Pod"):
                if (!JsonNode.DeepEquals(PodSpecBesidesImages(current), PodSpecBesidesImages(updated)))
                    errors.Add(new FieldError("spec", "FieldValueForbidden",
                        "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"));
                break;
            case ("apiextensions.k8s.io", "CustomResourceDefinition"):
                Fixed("spec.scope", "spec", "scope");
                break;
        }
        return errors;
    }

    private static JsonNode? Without(JsonNode? spec, string[] fields)
    {
        var copy = spec?.DeepClone() as JsonObject;
        foreach (var field in fields) copy?.Remove(field);
        return copy;
    }

    private static JsonNode? PodSpecBesidesImages(JsonObject pod)
    {
        var spec = pod["spec"]?.DeepClone() as JsonObject;
        if (spec is null) return null;
        foreach (var field in new[] { "activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "nodeName", "schedulingGates" }) spec.Remove(field);
        foreach (var list in new[] { "containers", "initContainers" })
            foreach (var container in (spec[list] as JsonArray ?? []).OfType<JsonObject>()) container.Remove("image");
        return spec;
    }
}
