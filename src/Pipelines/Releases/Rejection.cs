using Pipelines.Images;

namespace Pipelines.Releases;

/// <summary>An image rolled back from in an environment: by which rollback (release id and commit) and by whom.</summary>
/// <param name="Image">The image as the rollback's trailer wrote it (<c>repo:tag</c>, perhaps with a digest).</param>
public sealed record Rejection(string Image, string Release, string By, string Commit)
{
    public string Tag => ImageReference.TagOf(Image) ?? Image;

    /// <summary>What a skipped workload says: <c>newer image rejected: 1.2.0 (rolled back in rel-… by alice)</c>.</summary>
    public string SkipReason => $"newer image rejected: {Tag} (rolled back in {Release} by {By})";
}
