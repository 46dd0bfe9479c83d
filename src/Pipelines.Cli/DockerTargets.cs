using Docker.DotNet;
using Pipelines.Docker;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>V1 and every later stage start here: build the image from the commit, push it, record what was pushed.</summary>
public sealed class DockerTargets : ProductTargetSet,
    IDockerParameters, IImageRepositoryParameters, IImageParameters, IRegistryParameters, IOutputParameters, IDeadlineParameters
{
    private IDockerParameters Build => this;
    private IImageParameters Images => this;

    /// <summary>What BuildImage tagged in this run: PushImage's default.</summary>
    string? _built;

    public Target BuildImage => _ => _
        .Group(Stages.V1)
        .Example("./build.sh BuildImage --repository registry.example.com/shop/carts", "build ./Dockerfile, tagged with the commit")
        .Description("Builds the image (classic builder, via DOCKER_HOST) and tags it <repository>:<commit>.")
        // With --image, PushImage pushes that image, so its dependency has nothing to do (unless asked for by name).
        .OnlyWhen(() => Images.Image is null || Context.InvokedTargets.Contains(nameof(BuildImage), StringComparer.OrdinalIgnoreCase))
        .Executes(async () =>
        {
            // BuildImage's result is the image PushImage pushes and prints: alone, it has nothing for a script to read.
            if (JsonOutput && !Context.InvokedTargets.Contains(nameof(PushImage), StringComparer.OrdinalIgnoreCase))
                throw new UsageException("BuildImage prints no result: the image it builds is pushed and printed by PushImage (./build.sh PushImage --repository … -o json).");
            var repository = ParseRepository();
            var contextDirectory = Path.GetFullPath(Build.DockerContext ?? ".", RootDirectory);
            var revision = SourceRevision.Find(Context.Host.Commit, contextDirectory);
            var tag = Build.Tag ?? revision.Tag
                ?? throw new UsageException($"no --tag given and {contextDirectory} is in no git repository with a commit, nor does the CI host name one; pass --tag.");
            var request = new BuildRequest(repository, tag, contextDirectory)
            {
                Dockerfile = Build.Dockerfile is null ? null : Path.GetFullPath(Build.Dockerfile, RootDirectory),
                BuildArgs = ParseBuildArgs(),
                Target = Build.DockerTarget,
                NoCache = Build.NoCache,
                Labels = Labels(revision),
            };
            using var client = await ConnectAsync();
            Log.Info($"building {request.Image} from {contextDirectory}");
            var id = await new ImageBuilder(client, Progress).BuildAsync(request, Context.Stopping);
            _built = request.Image;
            Log.Success($"built {request.Image} ({id})");
        });

    public Target PushImage => _ => _
        .Group(Stages.V1)
        .Example("./build.sh PushImage --repository registry.example.com/shop/carts", "build, then push; image.json records the digest")
        .Example("./build.sh PushImage --image registry.example.com/shop/carts:1.4.2 -o json")
        .Description("Pushes the image BuildImage built (or --image) and records repo, tag and digest in the temp folder's image.json.")
        .DependsOn(BuildImage)
        .Executes(async () =>
        {
            var text = Images.Image ?? _built
                ?? throw new UsageException("nothing to push: run BuildImage in the same invocation, or pass --image <repository>:<tag>.");
            var image = ImageParameter.Parse(text);
            if (image.Tag is null)
                throw new UsageException($"--image {text}: name the tag to push, e.g. {text}:1.4.2.");
            using var client = await ConnectAsync();
            var registry = (IRegistryParameters)this;
            var credentials = new RegistryCredentialResolver(new RegistryOptions { Username = registry.RegistryUsername, Password = registry.RegistryPassword });
            var pushed = await new ImagePusher(client, credentials, Progress).PushAsync(image, Context.Stopping);
            pushed.Write(Context.TempDirectory);
            Log.Success($"pushed {pushed.Reference}");
            Context.Results.WriteLine(JsonOutput ? pushed.Json() : pushed.Reference);
        });

    string ParseRepository()
    {
        if (((IImageRepositoryParameters)this).Repository is not { Length: > 0 } text)
            throw new UsageException("BuildImage needs --repository (or PIPELINES_REPOSITORY): the image repository to tag, e.g. registry.example.com/team/app.");
        if (!ImageReference.TryParse(text, out var reference, out var error))
            throw new UsageException($"--repository {text}: {error.Message}");
        if (reference.Tag is not null || reference.Digest is not null)
            throw new UsageException($"--repository {text}: give the repository without a tag or digest; the tag comes from --tag or the commit.");
        return text.Trim();
    }

    IReadOnlyDictionary<string, string> ParseBuildArgs()
    {
        try
        {
            return BuildRequest.ParseBuildArgs(Build.BuildArg, name => Context.EnvironmentVariables.GetValueOrDefault(name));
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
    }

    static Dictionary<string, string> Labels(SourceRevision revision)
    {
        var labels = new Dictionary<string, string> { ["org.opencontainers.image.created"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") };
        if (revision.Commit is { } commit) labels["org.opencontainers.image.revision"] = commit;
        if (revision.SourceUrl is { } source) labels["org.opencontainers.image.source"] = source;
        return labels;
    }

    async Task<DockerClient> ConnectAsync()
    {
        try
        {
            // Past --deadline the executor cancels Stopping: a hung engine then stops the target at once, not after its own timeout.
            return await DockerConnection.ConnectAsync(Build.DockerHost, Context.Stopping);
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
        catch (DockerEngineUnreachableException e)
        {
            throw new BuildFailure(e.Message);
        }
    }
}
