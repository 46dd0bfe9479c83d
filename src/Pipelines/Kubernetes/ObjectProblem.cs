namespace Pipelines.Kubernetes;

/// <summary>An object of the config repo the API server refuses, or could not check; <see cref="Text"/> names the file and line.</summary>
public sealed record ObjectProblem(ManifestObject Source, string Display, string Message)
{
    public string Text => $"{Source.File}:{Source.Line}: {Display}: {Message}";
}
