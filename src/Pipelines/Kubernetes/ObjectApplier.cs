using System.Text.Json.Nodes;
using Pipelines.Diagnostics;

namespace Pipelines.Kubernetes;

/// <summary>
/// Applies manifests the way a GitOps tool must: server-side apply (field manager <c>pipelines</c>, forced:
/// the config repo is the source of truth), in dependency order, every object labelled with its environment
/// so that <c>Sync --prune</c> can later find what git no longer has. Reports created / configured / unchanged
/// per object, as <c>kubectl apply</c> does, decided by <see cref="ApplyDecision"/> the same way for a dry run.
/// </summary>
internal sealed class ObjectApplier(KubeApi api, ApiResources resources, ILog log)
{
    public const string EnvironmentLabel = "pipelines/environment";

    public async Task<IReadOnlyList<AppliedObject>> ApplyAsync(IReadOnlyList<ManifestObject> objects, string environment, string defaultNamespace, bool dryRun, CancellationToken cancellationToken = default)
    {
        var applied = new List<AppliedObject>();
        var kindsComing = objects.Where(IsCrd).Select(CustomKind).OfType<(string, string)>().ToHashSet();
        var namespacesComing = objects.Where(o => o.Kind == "Namespace" && o.ApiVersion == "v1").Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var source in ApplyOrder.Sort(objects, o => o.Kind))
        {
            ApiResource resource;
            try
            {
                resource = await resources.ResolveAsync(source.ApiVersion, source.Kind, $"{source.File}:{source.Line}", cancellationToken);
            }
            catch (KubeApiException e) when (dryRun && e.Status == System.Net.HttpStatusCode.NotFound && kindsComing.Contains((Group(source.ApiVersion), source.Kind)))
            {
                // A dry run creates no CRD, so its custom resources cannot be dry-run in the same change.
                log.Info($"{source.Display(Group(source.ApiVersion))}{(source.Namespace is null ? "" : $" in {source.Namespace}")} not checked (server dry run): its CustomResourceDefinition comes with this change");
                continue;
            }
            var ns = resource.Namespaced ? source.Namespace ?? defaultNamespace : null;
            var path = resource.ObjectPath(ns, source.Name);
            var before = await api.GetAsync(path, cancellationToken);
            bool created;
            JsonObject after;
            try
            {
                (created, after) = await api.ApplyAsync(path, Labelled(source.Body, environment, ns), dryRun, cancellationToken);
            }
            catch (KubeApiException e) when (dryRun && e.Status == System.Net.HttpStatusCode.NotFound && ns is not null && namespacesComing.Contains(ns))
            {
                // A dry run creates no namespace either, so what lives in a new one cannot be dry-run in the same change.
                log.Info($"{source.Display(resource.Group)} in {ns} not checked (server dry run): its namespace {ns} comes with this change");
                continue;
            }
            var action = created ? ApplyAction.Created : ApplyDecision.Decide(before, after, KubeApi.FieldManager);
            var result = new AppliedObject(source.Display(resource.Group), ns, action, source, resource);
            log.Info($"{result.Display}{(ns is null ? "" : $" in {ns}")} {action.ToString().ToLowerInvariant()}{(dryRun ? " (server dry run)" : "")}");
            applied.Add(result);
            if (!dryRun && IsCrd(source)) await EstablishedAsync(source, resource, cancellationToken);
        }
        return applied;
    }

    /// <summary>How long a CustomResourceDefinition may take to be Established before its custom resources are applied.</summary>
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until the API server serves the CRD's kind (condition Established), then makes discovery be read again, so
    /// that the custom resources of the same change resolve. A CRD whose names conflict (NamesAccepted False) fails at once.
    /// </summary>
    private async Task EstablishedAsync(ManifestObject crd, ApiResource resource, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + EstablishTimeout;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var live = await api.GetAsync(resource.ObjectPath(null, crd.Name), cancellationToken);
            var conditions = (live?["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            string? Condition(string type, string field) => conditions.FirstOrDefault(c => (string?)c["type"] == type)?[field]?.GetValue<string>();
            if (Condition("NamesAccepted", "status") == "False")
            {
                throw new KubeApiException($"{crd.File}:{crd.Line}: the CustomResourceDefinition {crd.Name} is not accepted: {Condition("NamesAccepted", "message")}", System.Net.HttpStatusCode.Conflict);
            }
            if (Condition("Established", "status") == "True") break;
            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new KubeApiException($"{crd.File}:{crd.Line}: the CustomResourceDefinition {crd.Name} is not Established after {EstablishTimeout.TotalSeconds:0}s " +
                    $"({Condition("Established", "reason")}: {Condition("Established", "message")}); its custom resources cannot be applied yet.", System.Net.HttpStatusCode.ServiceUnavailable);
            }
            await Task.Delay(delay, cancellationToken);
            delay = delay * 2 > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay * 2;
        }
        log.Info($"customresourcedefinition.apiextensions.k8s.io/{crd.Name} established");
        var group = crd.Body["spec"]?["group"]?.GetValue<string>();
        foreach (var version in (crd.Body["spec"]?["versions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (group is not null && version["name"]?.GetValue<string>() is { } name) resources.Forget($"{group}/{name}");
        }
    }

    private static bool IsCrd(ManifestObject o) => o.Kind == "CustomResourceDefinition" && o.ApiVersion.StartsWith("apiextensions.k8s.io/", StringComparison.Ordinal);

    private static string Group(string apiVersion) => apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "";

    /// <summary>
    /// A server-side apply dry run of every object, refusals collected instead of thrown: what <see cref="ApplyAsync"/>
    /// would do, checked before anything is committed. Objects in a namespace, or of a custom kind, that the same change
    /// brings are not checked (a dry run creates neither); a cluster that cannot be reached ends the check.
    /// </summary>
    public async Task<DryRunReport> DryRunAsync(IReadOnlyList<ManifestObject> objects, string environment, string defaultNamespace, CancellationToken cancellationToken = default)
    {
        var applied = new List<AppliedObject>();
        var refused = new List<ObjectProblem>();
        var notChecked = new List<ObjectProblem>();
        var namespacesComing = objects.Where(o => o.Kind == "Namespace" && o.ApiVersion == "v1").Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var kindsComing = objects.Where(IsCrd).Select(CustomKind).OfType<(string, string)>().ToHashSet();
        try
        {
            foreach (var source in ApplyOrder.Sort(objects, o => o.Kind))
            {
                ApiResource resource;
                try
                {
                    resource = await resources.ResolveAsync(source.ApiVersion, source.Kind, $"{source.File}:{source.Line}", cancellationToken);
                }
                catch (KubeApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
                {
                    var group = source.ApiVersion.Contains('/') ? source.ApiVersion[..source.ApiVersion.IndexOf('/')] : "";
                    if (kindsComing.Contains((group, source.Kind))) notChecked.Add(new ObjectProblem(source, source.Display(group), "its CustomResourceDefinition comes with this change"));
                    else refused.Add(new ObjectProblem(source, source.Display(group), e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
                    continue;
                }
                var ns = resource.Namespaced ? source.Namespace ?? defaultNamespace : null;
                var display = source.Display(resource.Group);
                try
                {
                    var path = resource.ObjectPath(ns, source.Name);
                    var before = await api.GetAsync(path, cancellationToken);
                    var (created, after) = await api.ApplyAsync(path, Labelled(source.Body, environment, ns), dryRun: true, cancellationToken);
                    applied.Add(new AppliedObject(display, ns, created ? ApplyAction.Created : ApplyDecision.Decide(before, after, KubeApi.FieldManager), source, resource));
                }
                catch (KubeApiException e) when (!TransientErrors.Are(e, cancellationToken))
                {
                    if (e.Status == System.Net.HttpStatusCode.NotFound && ns is not null && namespacesComing.Contains(ns))
                        notChecked.Add(new ObjectProblem(source, display, $"its namespace {ns} comes with this change"));
                    else refused.Add(new ObjectProblem(source, display, e.ApiMessage ?? e.Message));
                }
            }
        }
        catch (Exception e) when (TransientErrors.Are(e, cancellationToken))
        {
            return DryRunReport.CouldNotReach(e.Message);
        }
        return new DryRunReport(applied, refused, notChecked, null);
    }

    /// <summary>The (group, kind) a CustomResourceDefinition manifest defines.</summary>
    private static (string Group, string Kind)? CustomKind(ManifestObject crd) =>
        crd.Body["spec"]?["group"]?.GetValue<string>() is { } group && crd.Body["spec"]?["names"]?["kind"]?.GetValue<string>() is { } kind ? (group, kind) : null;

    internal static JsonObject Labelled(JsonObject body, string environment, string? ns)
    {
        var copy = (JsonObject)body.DeepClone();
        if (copy["metadata"] is not JsonObject metadata) copy["metadata"] = metadata = new JsonObject();
        if (ns is not null) metadata["namespace"] = ns;
        if (metadata["labels"] is not JsonObject labels) metadata["labels"] = labels = new JsonObject();
        labels[EnvironmentLabel] = environment;
        return copy;
    }
}
