using Pipelines.Yaml;

namespace Pipelines.Manifests;

/// <summary>A value an edit means to set (or, with a null <paramref name="Value"/>, to remove) in document <paramref name="Document"/> of a file.</summary>
public sealed record IntendedValue(int Document, YamlPath Path, string? Value);
