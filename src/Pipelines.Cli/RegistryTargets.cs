using Pipelines.Reporting;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>The images a registry holds, newest first: what the release manager chooses from.</summary>
public sealed class RegistryTargets : ProductTargetSet,
    IImageRepositoryParameters, ITagFilterParameters, IListingParameters, IRegistryParameters, IOutputParameters, IDeadlineParameters
{
    public Target ListImages => _ => _
        .Group(Stages.Inspect)
        .Example("./build.sh ListImages --repository registry.example.com/shop/carts --limit 20")
        .Description("Lists a repository's tags newest first, with build time and short digest (like fluxctl list-images).")
        .Requires(() => ((IImageRepositoryParameters)this).Repository)
        .Executes(async () =>
        {
            var log = new StringWriter();
            var options = new ListImagesOptions(((IImageRepositoryParameters)this).Repository!)
            {
                TagFilter = ((ITagFilterParameters)this).TagFilter,
                Limit = ((IListingParameters)this).Limit,
                Output = JsonOutput ? OutputFormat.Json : OutputFormat.Text,
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
