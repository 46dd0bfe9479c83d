using Pipelines.Registry;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

/// <summary>
/// The parameters of every target that reads a registry, and the output format of its result: declared once here
/// for ListImages (<see cref="RegistryTargets"/>) and every config repo target (<see cref="ConfigRepoParameters"/>).
/// </summary>
public abstract class RegistryParameters : TargetSet
{
    [Parameter("User name for the registry (default: ~/.docker/config.json).")]
    public string? RegistryUsername { get; set; }

    [Parameter("Password or token for the registry.", EnvironmentVariables = ["REGISTRY_PASSWORD"]), Secret]
    public string? RegistryPassword { get; set; }

    [Parameter("The platform picked from multi-platform images, os/arch[/variant].")]
    public string Platform { get; set; } = "linux/amd64";

    [Parameter("Registries (host[:port]) reached over HTTPS without certificate checks, or plain HTTP.")]
    public string[] InsecureRegistries { get; set; } = [];

    [Parameter("How long a registry may take to accept a connection and to answer each request (tags, manifests, tokens); 1s to 10m."), ValueRange("1s", "10m")]
    public TimeSpan RegistryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Parameter("Output format of the result: text or json.")]
    public OutputFormat Output { get; set; } = OutputFormat.Text;

    protected RegistryOptions RegistryOptions => new()
    {
        Username = RegistryUsername,
        Password = RegistryPassword,
        Platform = Platform,
        InsecureRegistries = InsecureRegistries,
        RequestTimeout = RegistryTimeout,
    };
}
