using Pipelines.Images;

namespace Pipelines.Registry;

/// <summary>A reference to a blob or manifest by media type and digest.</summary>
internal sealed record Descriptor(string MediaType, Digest Digest);
