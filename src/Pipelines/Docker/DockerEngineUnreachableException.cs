namespace Pipelines.Docker;

/// <summary>No Docker engine answered at the address; the message says which address and what to do.</summary>
public sealed class DockerEngineUnreachableException(string address, string reason, Exception inner)
    : Exception($"cannot reach the Docker engine at {address} ({reason}). Start dockerd, or point DOCKER_HOST or --docker-host at a running engine.", inner)
{
    public string Address { get; } = address;
}
