using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>The images a registry holds, newest first: what the release manager chooses from.</summary>
public sealed class RegistryTargets : RegistryParameters
{
    [Parameter("An image repository, e.g. registry.example.com/team/app (no tag).")]
    public string? Repository { get; set; }

    [Parameter("Only tags passing this filter: glob:<pattern>, regex:<pattern> or semver:<range>.")]
    public string? TagFilter { get; set; }

    // Declared by ConfigRepoTargets and RegistryTargets alike (one parameter); both carry the same range, whichever is found first.
    [Parameter("At most this many entries (History: default 20; ListImages: all); 1 to 1000000."), ValueRange("1", "1000000")]
    public int? Limit { get; set; }

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
                Output = Output,
                Registry = RegistryOptions,
            };
            var exitCode = await new ListImagesCommand().RunAsync(options, Context.Results, log, Context.Stopping);
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
