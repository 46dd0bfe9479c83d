using Pipelines.Registry;
using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// The parameters of every target that reads a registry, the output format of its result and the overall deadline: declared
/// once here for BuildImage and PushImage (<see cref="DockerTargets"/>), ListImages (<see cref="RegistryTargets"/>) and every
/// config repo target (<see cref="ConfigRepoParameters"/>).
/// </summary>
public abstract class RegistryParameters : ProductTargetSet
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

    // Declared here, the base of every product target set (images, registry, config repo), so that each target has one
    // overall deadline and the parameter one declaration.
    [Parameter("How long a target may run in all (building, pushing, registry reads; lock wait, fetches, pushes, applying, rollout waits): " +
        "past it, it stops — giving the global lock up instead of renewing it — and fails saying what it had done (pushed or not); 5s to 24h."),
     ValueRange("5s", "24h")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every product target runs within <c>--deadline</c> (Watch, a service, opts out).</summary>
    protected override TimeSpan? TargetDeadline => Deadline;

    protected RegistryOptions RegistryOptions => new()
    {
        Username = RegistryUsername,
        Password = RegistryPassword,
        Platform = Platform,
        InsecureRegistries = InsecureRegistries,
        RequestTimeout = RegistryTimeout,
    };
}
