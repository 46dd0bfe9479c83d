using Pipelines.Manifests;

namespace Pipelines.Kubernetes;

/// <summary>A workload id <c>namespace:kind/name</c> taken apart; kind in lower case as in ids.</summary>
public sealed record WorkloadRef(string Namespace, string Kind, string Name)
{
    /// <summary>The workload kinds as ids use them (deployment, statefulset, …), from <see cref="WorkloadKinds"/>.</summary>
    public static readonly string[] Kinds = WorkloadKinds.All.Select(k => k.Id).ToArray();

    public string Id => $"{Namespace}:{Kind}/{Name}";

    public static WorkloadRef Parse(string id)
    {
        var colon = id.IndexOf(':');
        var slash = id.IndexOf('/', colon + 1);
        if (colon <= 0 || slash <= colon + 1 || slash == id.Length - 1)
        {
            throw new ArgumentException($"'{id}' is not a workload id; ids look like sock-shop:deployment/front-end.", nameof(id));
        }
        return new WorkloadRef(id[..colon], id[(colon + 1)..slash].ToLowerInvariant(), id[(slash + 1)..]);
    }
}
