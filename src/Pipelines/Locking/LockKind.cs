namespace Pipelines.Locking;

/// <summary><c>--lock</c>: how releases are serialised.</summary>
public enum LockKind
{
    /// <summary>A branch in the config repo, taken by a fast-forward-only push (works across machines; the default).</summary>
    Git,
    /// <summary>A coordination.k8s.io Lease in the cluster (--kubeconfig/--kube-context, --lock-namespace).</summary>
    Lease,
    /// <summary>An OS file lock, for runners on one host.</summary>
    File,
    /// <summary>No lock: compare-and-swap pushes still never lose an update, but releases may interleave.</summary>
    None,
}
