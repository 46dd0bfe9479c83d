namespace Pipelines.Kubernetes;

public enum ApplyAction
{
    Created,
    Configured,
    Unchanged,
}
