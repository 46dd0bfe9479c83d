using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>One per-platform image in an index.</summary>
public sealed record IndexEntry(Descriptor Manifest, Platform? Platform);
