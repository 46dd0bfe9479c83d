using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>One per-platform image in an index.</summary>
internal sealed record IndexEntry(Descriptor Manifest, Platform? Platform);
