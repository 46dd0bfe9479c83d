namespace Pipelines.Releases;

/// <summary>One container and the image its policy would release now (null: none newer is allowed).</summary>
/// <param name="PassedOver">The rejection of a newer allowed image that was passed over, if any: why it is not offered.</param>
internal sealed record ContainerAvailability(string Container, string Current, string? Newest, string TagFilter, Rejection? PassedOver = null)
{
    /// <summary>The filter follows one moving tag by digest (<c>digest:&lt;tag&gt;</c>).</summary>
    public bool FollowsDigest { get; init; }

    /// <summary>A newer image is available: what ListServices shows in RELEASE and automation releases.</summary>
    public bool HasUpdate => Newest is not null && AvailableImage.IsUpdate(Newest, Current, FollowsDigest);
}
