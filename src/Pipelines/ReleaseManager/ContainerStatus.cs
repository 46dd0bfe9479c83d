using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>One container: what the config repo wants, what runs, and the newest image its policy allows.</summary>
/// <param name="Live">The image running now; null when the cluster was not asked or has no such workload.</param>
/// <param name="Newest">The newest allowed image when it differs from <paramref name="Desired"/>; null when up to date or unknown.</param>
/// <param name="Rejected">The images of this container's repository rejected in the environment (rolled back from).</param>
/// <param name="PassedOver">A newer allowed image that is not offered because it is rejected: why the container is not updated.</param>
public sealed record ContainerStatus(string Name, string Desired, string? Live, string TagFilter, string? Newest, IReadOnlyList<Rejection> Rejected, Rejection? PassedOver = null);
