using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Selectors;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// The validation the emulator does before storing: names, the selector of workloads, and containers.
/// A subset of the API server's, with its field paths and messages.
/// </summary>
public static partial class Validation
{
    public static IReadOnlyList<FieldError> Check(ResourceKind kind, JsonObject obj)
    {
        var errors = new List<FieldError>();
        var name = obj.Name();
        var label = kind.Kind is "Namespace" or "Service";
        var rbac = kind.Group == "rbac.authorization.k8s.io";
        if (name.Length == 0) errors.Add(FieldError.Required("metadata.name"));
        // RBAC objects are named by path segments (system:controller:… is a usual ClusterRole name), not DNS names.
        else if (rbac) PathSegmentName(name, errors);
        else if (!(label ? DnsLabel() : DnsSubdomain()).IsMatch(name) || name.Length > (label ? 63 : 253))
            errors.Add(FieldError.Invalid("metadata.name", name,
                label
                    ? "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
                    : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));

        if (kind.Kind is "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet")
        {
            var selector = obj.At("spec", "selector");
            if (selector is null) errors.Add(FieldError.Required("spec.selector"));
            else if (LabelSelector.FromObject(selector) is { } parsed && obj.At("spec", "template") is JsonObject template
                     && !parsed.Matches(template))
                errors.Add(new FieldError("spec.template.metadata.labels", "FieldValueInvalid",
                    $"Invalid value: {LabelsText(template)}: `selector` does not match template `labels`"));
        }
        if (rbac) Rbac(kind, obj, errors);
        if (kind.Kind == "CustomResourceDefinition" && kind.Group == "apiextensions.k8s.io") CustomResourceDefinition(obj, errors);
        if (!kind.Custom) ValueValidation.Check(kind, obj, errors);
        if (kind.PodTemplatePath is { } path)
            Containers(obj.At(path)?.At("spec"), string.Join(".", path) + ".spec", errors);
        else if (kind.Kind == "Pod")
            Containers(obj["spec"], "spec", errors);
        return errors;
    }

    private static void PathSegmentName(string name, List<FieldError> errors)
    {
        if (name is "." or "..") errors.Add(FieldError.Invalid("metadata.name", name, $"may not be '{name}'"));
        foreach (var illegal in new[] { "/", "%" }.Where(name.Contains))
            errors.Add(FieldError.Invalid("metadata.name", name, $"may not contain '{illegal}'"));
    }

    /// <summary>What the API server's RBAC validation checks: rules name verbs (and, for resources, groups and
    /// resources); a binding refers to a Role or ClusterRole of rbac.authorization.k8s.io by name.</summary>
    private static void Rbac(ResourceKind kind, JsonObject obj, List<FieldError> errors)
    {
        if (obj["rules"] is JsonArray rules)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var at = $"rules[{i}]";
                if (rules[i]?["verbs"] is not JsonArray { Count: > 0 })
                    errors.Add(new FieldError($"{at}.verbs", "FieldValueRequired", "Required value: verbs must contain at least one value"));
                if (rules[i]?["nonResourceURLs"] is JsonArray { Count: > 0 }) continue;
                if (rules[i]?["apiGroups"] is not JsonArray { Count: > 0 })
                    errors.Add(new FieldError($"{at}.apiGroups", "FieldValueRequired", "Required value: resource rules must supply at least one api group"));
                if (rules[i]?["resources"] is not JsonArray { Count: > 0 })
                    errors.Add(new FieldError($"{at}.resources", "FieldValueRequired", "Required value: resource rules must supply at least one resource"));
            }
        }
        if (kind.Kind is not ("RoleBinding" or "ClusterRoleBinding")) return;
        var roleRef = obj["roleRef"];
        if (roleRef.String("apiGroup") != kind.Group)
            errors.Add(new FieldError("roleRef.apiGroup", "FieldValueNotSupported", $"Unsupported value: \"{roleRef.String("apiGroup")}\": supported values: \"{kind.Group}\""));
        var kinds = kind.Kind == "RoleBinding" ? new[] { "Role", "ClusterRole" } : ["ClusterRole"];
        if (!kinds.Contains(roleRef.String("kind")))
            errors.Add(new FieldError("roleRef.kind", "FieldValueNotSupported",
                $"Unsupported value: \"{roleRef.String("kind")}\": supported values: {string.Join(", ", kinds.Select(k => $"\"{k}\""))}"));
        if (string.IsNullOrEmpty(roleRef.String("name"))) errors.Add(FieldError.Required("roleRef.name"));
    }

    /// <summary>A CRD is named plural.group, names its kind and plural, and has exactly one storage version.</summary>
    private static void CustomResourceDefinition(JsonObject crd, List<FieldError> errors)
    {
        var group = crd.String("spec", "group");
        var plural = crd.String("spec", "names", "plural");
        if (string.IsNullOrEmpty(group)) errors.Add(FieldError.Required("spec.group"));
        if (string.IsNullOrEmpty(plural)) errors.Add(FieldError.Required("spec.names.plural"));
        if (string.IsNullOrEmpty(crd.String("spec", "names", "kind"))) errors.Add(FieldError.Required("spec.names.kind"));
        if (crd.String("spec", "scope") is not ("Namespaced" or "Cluster"))
            errors.Add(new FieldError("spec.scope", "FieldValueNotSupported", $"Unsupported value: \"{crd.String("spec", "scope")}\": supported values: \"Cluster\", \"Namespaced\""));
        if (!string.IsNullOrEmpty(group) && !string.IsNullOrEmpty(plural) && crd.Name() != $"{plural}.{group}")
            errors.Add(FieldError.Invalid("metadata.name", crd.Name(), "must be spec.names.plural+\".\"+spec.group"));
        var versions = (crd.At("spec", "versions") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (versions.Count == 0) errors.Add(FieldError.Required("spec.versions"));
        else if (versions.Count(v => v["storage"] is JsonValue s && s.GetValue<bool>()) != 1)
            errors.Add(new FieldError("spec.versions", "FieldValueInvalid", "Invalid value: \"...\": must have exactly one version marked as storage version"));
    }

    private static void Containers(JsonNode? podSpec, string at, List<FieldError> errors)
    {
        if (podSpec?["containers"] is not JsonArray containers || containers.Count == 0)
        {
            errors.Add(FieldError.Required($"{at}.containers"));
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(containers[i].String("name"))) errors.Add(FieldError.Required($"{at}.containers[{i}].name"));
            if (string.IsNullOrEmpty(containers[i].String("image"))) errors.Add(FieldError.Required($"{at}.containers[{i}].image"));
        }
    }

    private static string LabelsText(JsonObject template) =>
        "map[string]string{" + string.Join(", ", LabelSelector.Labels(template).Select(l => $"\"{l.Key}\":\"{l.Value}\"")) + "}";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
