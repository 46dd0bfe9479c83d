using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Targets;

namespace Pipelines.ProductTargets;

/// <summary>The images a registry holds, newest first: what the release manager chooses from.</summary>
public sealed class RegistryTargets : TargetSet
{
    [Parameter("An image repository, e.g. registry.example.com/team/app (no tag).")]
    public string? Repository { get; set; }

    [Parameter("Only tags passing this filter: glob:<pattern>, regex:<pattern> or semver:<range>.")]
    public string? TagFilter { get; set; }

    [Parameter("At most this many entries (History: default 20; ListImages: all).")]
    public int? Limit { get; set; }

    [Parameter("User name for the registry (default: ~/.docker/config.json).")]
    public string? RegistryUsername { get; set; }

    [Parameter("Password or token for the registry.", EnvironmentVariables = ["REGISTRY_PASSWORD"]), Secret]
    public string? RegistryPassword { get; set; }

    [Parameter("The platform picked from multi-platform images, os/arch[/variant].")]
    public string Platform { get; set; } = "linux/amd64";

    [Parameter("Registries (host[:port]) reached over HTTPS without certificate checks, or plain HTTP.")]
    public string[] InsecureRegistries { get; set; } = [];

    [Parameter("Output format of the result: text or json.")]
    public OutputFormat Output { get; set; } = OutputFormat.Text;

    public RegistryOptions RegistryOptions => new()
    {
        Username = RegistryUsername,
        Password = RegistryPassword,
        Platform = Platform,
        InsecureRegistries = InsecureRegistries,
    };

    public Target ListImages => _ => _
        .Description("Lists a repository's tags newest first, with build time and short digest (like fluxctl list-images).")
        .Requires(() => Repository)
        .Executes(async () =>
        {
            var log = new StringWriter();
            var options = new ListImagesOptions(Repository!)
            {
                TagFilter = TagFilter,
                Limit = Limit,
                Output = Output == OutputFormat.Json ? ImageListingFormat.Json : ImageListingFormat.Text,
                Registry = RegistryOptions,
            };
            var exitCode = await new ListImagesCommand().RunAsync(options, Context.Results, log);
            var messages = log.ToString().Trim();
            switch (exitCode)
            {
                case 0:
                    foreach (var line in messages.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Log.Info(line);
                    break;
                case 2:
                    throw new UsageException(messages);
                default:
                    throw new BuildFailure(messages);
            }
        });
}
