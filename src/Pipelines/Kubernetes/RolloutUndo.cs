using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using Pipelines.Faults;
using k8s.Models;
using k8s;

namespace Pipelines.Kubernetes;

/// <summary>
/// <c>kubectl rollout undo</c> for a Deployment: find the ReplicaSet of the revision before the current one
/// (the <c>deployment.kubernetes.io/revision</c> annotation) and put its pod template back with a JSON patch.
/// The controller then makes that the newest revision, as a real cluster does.
/// </summary>
public static class RolloutUndo
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    /// <returns>The revision rolled back to.</returns>
    public static async Task<long> UndoAsync(IKubernetes client, WorkloadRef workload, CancellationToken cancellationToken = default)
    {
        if (workload.Kind != "deployment")
        {
            throw new PipelinesException(FaultKind.Failed, $"{workload.Id}: only a Deployment keeps the revisions an undo needs; roll a {workload.Kind} back by releasing its previous image.");
        }
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(workload.Name, workload.Namespace, cancellationToken: cancellationToken);
        var sets = await client.AppsV1.ListNamespacedReplicaSetAsync(workload.Namespace, labelSelector: LabelSelectorText.Of(JsonNode.Parse(KubernetesJson.Serialize(deployment.Spec.Selector))), cancellationToken: cancellationToken);
        var owned = sets.Items.Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Uid == deployment.Metadata.Uid) == true).ToList();
        var current = Revision(deployment.Metadata.Annotations);
        var previous = PreviousRevision(owned, current)
            ?? throw new PipelinesException(FaultKind.Failed, $"{workload.Id} has no revision before {current} to roll back to (kubectl rollout history deployment/{workload.Name} -n {workload.Namespace}).");
        var template = JsonNode.Parse(KubernetesJson.Serialize(previous.Spec.Template))!.AsObject();
        (template["metadata"]?["labels"] as JsonObject)?.Remove("pod-template-hash");
        var patch = new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/spec/template", ["value"] = template });
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.JsonPatch), workload.Name, workload.Namespace, cancellationToken: cancellationToken);
        return Revision(previous.Metadata.Annotations);
    }

    /// <summary>The ReplicaSet with the highest revision below <paramref name="current"/>; pure, for tests.</summary>
    public static V1ReplicaSet? PreviousRevision(IEnumerable<V1ReplicaSet> owned, long current) =>
        owned.Select(rs => (Set: rs, Revision: Revision(rs.Metadata.Annotations)))
            .Where(x => x.Revision > 0 && x.Revision < current)
            .OrderByDescending(x => x.Revision)
            .Select(x => x.Set)
            .FirstOrDefault();

    private static long Revision(IDictionary<string, string>? annotations) =>
        annotations is not null && annotations.TryGetValue(RevisionAnnotation, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;
}
