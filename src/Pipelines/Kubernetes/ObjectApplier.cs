using System.Text.Json.Nodes;
using Pipelines.Targets;

namespace Pipelines.Kubernetes;

public enum ApplyAction
{
    Created,
    Configured,
    Unchanged,
}

/// <summary>One applied object: kubectl's name for it (<c>deployment.apps/front-end</c>), where, and what happened.</summary>
public sealed record AppliedObject(string Display, string? Namespace, ApplyAction Action, ManifestObject Source, ApiResource Resource);

/// <summary>
/// Applies manifests the way a GitOps tool must: server-side apply (field manager <c>pipelines</c>, forced:
/// the config repo is the source of truth), in dependency order, every object labelled with its environment
/// so that <c>Sync --prune</c> can later find what git no longer has. Reports created / configured / unchanged
/// per object, as <c>kubectl apply</c> does.
/// </summary>
public sealed class ObjectApplier(KubeApi api, ApiResources resources, Log log)
{
    public const string EnvironmentLabel = "pipelines/environment";

    public async Task<IReadOnlyList<AppliedObject>> ApplyAsync(IReadOnlyList<ManifestObject> objects, string environment, string defaultNamespace, bool dryRun, CancellationToken cancellationToken = default)
    {
        var applied = new List<AppliedObject>();
        foreach (var source in ApplyOrder.Sort(objects, o => o.Kind))
        {
            var resource = await resources.ResolveAsync(source.ApiVersion, source.Kind, $"{source.File}:{source.Line}", cancellationToken);
            var ns = resource.Namespaced ? source.Namespace ?? defaultNamespace : null;
            var path = resource.ObjectPath(ns, source.Name);
            var before = await api.GetAsync(path, cancellationToken);
            var (created, after) = await api.ApplyAsync(path, Labelled(source.Body, environment, ns), dryRun, cancellationToken);
            var action = created || before is null ? ApplyAction.Created
                : ResourceVersion(before) == ResourceVersion(after) ? ApplyAction.Unchanged : ApplyAction.Configured;
            var result = new AppliedObject(source.Display(resource.Group), ns, action, source, resource);
            log.Info($"{result.Display}{(ns is null ? "" : $" in {ns}")} {action.ToString().ToLowerInvariant()}{(dryRun ? " (server dry run)" : "")}");
            applied.Add(result);
        }
        return applied;
    }

    private static JsonObject Labelled(JsonObject body, string environment, string? ns)
    {
        var copy = (JsonObject)body.DeepClone();
        if (copy["metadata"] is not JsonObject metadata) copy["metadata"] = metadata = new JsonObject();
        if (ns is not null) metadata["namespace"] = ns;
        if (metadata["labels"] is not JsonObject labels) metadata["labels"] = labels = new JsonObject();
        labels[EnvironmentLabel] = environment;
        return copy;
    }

    private static string? ResourceVersion(JsonObject? o) => o?["metadata"]?["resourceVersion"]?.GetValue<string>();
}
