namespace Pipelines.Manifests;

/// <summary>Which part of an image a Flux setter marker's field holds: <c>ns:policy</c> the whole reference, <c>:name</c>,
/// <c>:tag</c> or <c>:digest</c> a part.</summary>
internal enum MarkedPart
{
    Image,
    Name,
    Tag,
    Digest,
}
