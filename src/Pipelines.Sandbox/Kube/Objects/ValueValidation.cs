using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Sandbox.Kube.Api;
using Pipelines.Sandbox.Kube.Kinds;

namespace Pipelines.Sandbox.Kube.Objects;

/// <summary>
/// Value checks of the API server's validation that releases meet: replica counts, container names (DNS labels, no
/// duplicates), ports, image pull and restart policies, resource requests against limits, label keys and values, cron
/// schedules, service ports and ingress paths — with the API server's field paths and messages.
/// </summary>
public static partial class ValueValidation
{
    private const string LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static void Check(ResourceKind kind, JsonObject obj, List<FieldError> errors)
    {
        Labels(obj.At("metadata", "labels"), "metadata.labels", errors);
        if (kind.Kind is "Deployment" or "ReplicaSet" or "StatefulSet" && obj.Long("spec", "replicas") is < 0 and var replicas)
            errors.Add(new FieldError("spec.replicas", "FieldValueInvalid", $"Invalid value: {replicas}: must be greater than or equal to 0"));
        if (kind.PodTemplatePath is { } templatePath)
        {
            var at = string.Join(".", templatePath);
            Labels(obj.At([.. templatePath, "metadata", "labels"]), at + ".metadata.labels", errors);
            PodSpec(obj.At([.. templatePath, "spec"]), at + ".spec", kind.Kind is "Job" or "CronJob" ? ["OnFailure", "Never"] : ["Always"], errors);
        }
        else if (kind.Kind == "Pod" && kind.Group.Length == 0) PodSpec(obj["spec"], "spec", ["Always", "OnFailure", "Never"], errors);
        if (kind.Kind == "CronJob" && kind.Group == "batch" && obj.String("spec", "schedule") is { } schedule && !IsCronSchedule(schedule))
            errors.Add(FieldError.Invalid("spec.schedule", schedule, $"unparseable cron schedule ({schedule})"));
        if (kind.Kind == "Service" && kind.Group.Length == 0) Service(obj, errors);
        if (kind.Kind == "Ingress" && kind.Group == "networking.k8s.io") Ingress(obj, errors);
    }

    /// <summary>A resource quantity that cannot be read makes the whole object undecodable: 400, before validation.</summary>
    public static string? UndecodableQuantity(ResourceKind kind, JsonObject obj)
    {
        var podSpec = kind.PodTemplatePath is { } path ? obj.At([.. path, "spec"]) : kind.Kind == "Pod" ? obj["spec"] : null;
        foreach (var container in Containers(podSpec))
            foreach (var section in new[] { "requests", "limits" })
                foreach (var (_, value) in container.At("resources", section) as JsonObject ?? [])
                    if (!Quantity.TryParse(value?.ToString(), out _))
                        return $"{kind.Kind} in version \"{kind.Version}\" cannot be handled as a {kind.Kind}: {Quantity.Invalid}";
        return null;
    }

    private static void PodSpec(JsonNode? spec, string at, string[] restartPolicies, List<FieldError> errors)
    {
        if (spec is null) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, containers) in new[] { ("initContainers", spec["initContainers"]), ("containers", spec["containers"]) })
        {
            var index = 0;
            foreach (var container in (containers as JsonArray ?? []).OfType<JsonObject>())
            {
                var where = $"{at}.{list}[{index++}]";
                var name = container.String("name");
                if (!string.IsNullOrEmpty(name))
                {
                    if (!DnsLabel().IsMatch(name) || name.Length > 63) errors.Add(FieldError.Invalid($"{where}.name", name, LabelMessage));
                    else if (!seen.Add(name)) errors.Add(new FieldError($"{where}.name", "FieldValueDuplicate", $"Duplicate value: \"{name}\""));
                }
                if (container.String("imagePullPolicy") is { } pull && pull is not ("Always" or "IfNotPresent" or "Never"))
                    errors.Add(new FieldError($"{where}.imagePullPolicy", "FieldValueNotSupported", $"Unsupported value: \"{pull}\": supported values: \"Always\", \"IfNotPresent\", \"Never\""));
                var port = 0;
                foreach (var p in (container["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (p.Long("containerPort") is { } number && number is < 1 or > 65535)
                        errors.Add(new FieldError($"{where}.ports[{port}].containerPort", "FieldValueInvalid", $"Invalid value: {number}: must be between 1 and 65535, inclusive"));
                    port++;
                }
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    var request = container.String("resources", "requests", resource);
                    var limit = container.String("resources", "limits", resource);
                    if (request is not null && limit is not null && Quantity.TryParse(request, out var r) && Quantity.TryParse(limit, out var l) && r > l)
                        errors.Add(FieldError.Invalid($"{where}.resources.requests", request, $"must be less than or equal to {resource} limit of {limit}"));
                }
            }
        }
        if (spec["restartPolicy"]?.ToString() is { } restart && !restartPolicies.Contains(restart))
            errors.Add(new FieldError($"{at}.restartPolicy", "FieldValueNotSupported",
                $"Unsupported value: \"{restart}\": supported values: {string.Join(", ", restartPolicies.Select(p => $"\"{p}\""))}"));
    }

    private static void Labels(JsonNode? labels, string at, List<FieldError> errors)
    {
        foreach (var (key, value) in labels as JsonObject ?? [])
        {
            var name = key.Contains('/') ? key[(key.LastIndexOf('/') + 1)..] : key;
            var prefix = key.Contains('/') ? key[..key.LastIndexOf('/')] : null;
            if (name.Length is 0 or > 63 || !LabelValue().IsMatch(name) || (prefix is not null && (prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))))
                errors.Add(FieldError.Invalid(at, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
            var text = value?.ToString() ?? "";
            if (text.Length > 63 || (text.Length > 0 && !LabelValue().IsMatch(text)))
                errors.Add(FieldError.Invalid(at, text, "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
        }
    }

    private static void Service(JsonObject service, List<FieldError> errors)
    {
        var type = service.String("spec", "type") ?? "ClusterIP";
        if (type is not ("ClusterIP" or "NodePort" or "LoadBalancer" or "ExternalName"))
            errors.Add(new FieldError("spec.type", "FieldValueNotSupported", $"Unsupported value: \"{type}\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""));
        var ports = (service.At("spec", "ports") as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (type != "ExternalName" && ports.Count == 0) errors.Add(FieldError.Required("spec.ports"));
        for (var i = 0; i < ports.Count; i++)
            if (ports[i].Long("port") is not { } port || port is < 1 or > 65535)
                errors.Add(new FieldError($"spec.ports[{i}].port", "FieldValueInvalid", $"Invalid value: {ports[i]["port"]?.ToJsonString() ?? "0"}: must be between 1 and 65535, inclusive"));
    }

    private static void Ingress(JsonObject ingress, List<FieldError> errors)
    {
        var rules = (ingress.At("spec", "rules") as JsonArray ?? []).OfType<JsonObject>().ToList();
        for (var r = 0; r < rules.Count; r++)
        {
            var paths = (rules[r].At("http", "paths") as JsonArray ?? []).OfType<JsonObject>().ToList();
            for (var p = 0; p < paths.Count; p++)
            {
                var at = $"spec.rules[{r}].http.paths[{p}]";
                var pathType = paths[p].String("pathType");
                if (pathType is null) errors.Add(FieldError.Required($"{at}.pathType"));
                else if (pathType is not ("Exact" or "Prefix" or "ImplementationSpecific"))
                    errors.Add(new FieldError($"{at}.pathType", "FieldValueNotSupported", $"Unsupported value: \"{pathType}\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\""));
                if (paths[p].At("backend", "service") is JsonObject backend && string.IsNullOrEmpty(backend.String("name")))
                    errors.Add(FieldError.Required($"{at}.backend.service.name"));
            }
        }
    }

    /// <summary>Five fields (minute hour day-of-month month day-of-week) of numbers, ranges, lists, steps and names, or a @macro.</summary>
    public static bool IsCronSchedule(string schedule)
    {
        var text = schedule.Trim();
        if (text.StartsWith("TZ=", StringComparison.Ordinal) || text.StartsWith("CRON_TZ=", StringComparison.Ordinal)) return false;
        if (text.StartsWith('@')) return text is "@yearly" or "@annually" or "@monthly" or "@weekly" or "@daily" or "@midnight" or "@hourly" || text.StartsWith("@every ", StringComparison.Ordinal);
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        (int Min, int Max)[] ranges = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)];
        return fields.Length == 5 && fields.Select((f, i) => f.Split(',').All(part => CronPart(part, ranges[i].Min, ranges[i].Max, i))).All(ok => ok);
    }

    private static bool CronPart(string part, int min, int max, int field)
    {
        var step = part.Split('/');
        if (step.Length > 2 || (step.Length == 2 && !int.TryParse(step[1], CultureInfo.InvariantCulture, out _))) return false;
        var range = step[0];
        if (range is "*" or "?") return true;
        var bounds = range.Split('-');
        return bounds.Length <= 2 && bounds.All(b => Value(b, field) is { } v && v >= min && v <= max);
    }

    private static int? Value(string text, int field)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        string[] months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
        string[] days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
        var upper = text.ToUpperInvariant();
        return field == 3 && Array.IndexOf(months, upper) is >= 0 and var m ? m + 1 : field == 4 && Array.IndexOf(days, upper) is >= 0 and var d ? d : null;
    }

    private static IEnumerable<JsonObject> Containers(JsonNode? podSpec) =>
        (podSpec?["initContainers"] as JsonArray ?? []).Concat(podSpec?["containers"] as JsonArray ?? []).OfType<JsonObject>();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
