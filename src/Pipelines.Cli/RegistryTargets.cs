using Pipelines.Reporting;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.ReleaseManager;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>The images a registry holds, newest first: what the release manager chooses from.</summary>
public sealed class RegistryTargets : ProductTargetSet,
    IImageRepositoryParameters, ITagFilterParameters, IListingParameters, IRegistryParameters, IOutputParameters, IDeadlineParameters,
    IConfigRepoParameters, IWorkloadParameters
{
    private IWorkloadParameters Workloads => this;

    // fluxctl list-images shows 10 per container.
    private const int ServiceListingLimit = 10;

    public Target ListImages => _ => _
        .Group(Stages.Inspect)
        .Example("./build.sh ListImages -s carts -e staging", "carts' tags newest first, '-> on the one it runs, marks on those its filter rejects")
        .Example("./build.sh ListImages --repository registry.example.com/shop/carts --limit 20")
        .Description("Lists image tags newest first with build time: of --service's containers (running tag marked '->, tags their filter does not allow or a rollback " +
            "rejected marked; 10 by default; every environment unless -e), or of a --repository (short digests; all by default). Like fluxctl list-images.")
        .Executes(async () =>
        {
            if (Workloads.Service.Length > 0)
            {
                await ListServiceImagesAsync();
                return;
            }
            if (((IImageRepositoryParameters)this).Repository is null)
            {
                throw new UsageException("ListImages lists the tags of --service's containers (with --config-repo) or of a --repository; give one: " +
                    "./build.sh ListImages -s carts -e staging, or ./build.sh ListImages --repository registry.example.com/shop/carts.");
            }
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

    private async Task ListServiceImagesAsync()
    {
        if (((IImageRepositoryParameters)this).Repository is { } repository)
        {
            throw new UsageException($"--repository {repository} and --service: give one (--service lists its containers' repositories).");
        }
        var images = await ReadingOperations().ImagesAsync(Workloads.Environment, Workloads.Service, Workloads.Container,
            ((IListingParameters)this).Limit ?? ServiceListingLimit, Context.Stopping);
        if (JsonOutput) Context.Results.WriteLine(ContainerImagesText.Json(images));
        else foreach (var line in ContainerImagesText.Text(images, Output, TableWidth)) Context.Results.WriteLine(line);
    }
}
