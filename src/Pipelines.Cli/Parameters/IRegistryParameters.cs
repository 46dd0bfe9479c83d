using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>How a registry is reached: PushImage's credentials, ListImages, and the tags and digests releases and ListServices
/// ask for (<see cref="ProductTargetSet"/>'s <c>RegistryOptions</c>).</summary>
public interface IRegistryParameters : IParameterComponent
{
    [Parameter("User name for the registry (default: ~/.docker/config.json).")]
    string? RegistryUsername => this.Value<string?>();

    [Parameter("Password or token for the registry.", EnvironmentVariables = ["REGISTRY_PASSWORD"]), Secret]
    string? RegistryPassword => this.Value<string?>();

    [Parameter("The platform picked from multi-platform images, os/arch[/variant].")]
    string Platform => this.Value("linux/amd64");

    [Parameter("Registries (host[:port]) reached over HTTPS without certificate checks, or plain HTTP.")]
    string[] InsecureRegistries => this.Value<string[]>([]);

    [Parameter("How long a registry may take to accept a connection and to answer each request (tags, manifests, tokens); 1s to 10m."), ValueRange("1s", "10m")]
    TimeSpan RegistryTimeout => this.Value(TimeSpan.FromSeconds(30));
}
