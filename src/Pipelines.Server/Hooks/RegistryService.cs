namespace Pipelines.Server.Hooks;

/// <summary>The registries whose push bodies Watch reads, each from its own hook path or recognised by its shape.</summary>
public enum RegistryService
{
    Distribution,
    DockerHub,
    Quay,
    Harbor,
    GitHub,
    Azure,
}
