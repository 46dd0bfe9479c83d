using Docker.DotNet;
using Pipelines.Docker;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Reporting;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>V1 and every later stage start here: build the image from the commit, push it, record what was pushed.</summary>
public sealed class DockerTargets : RegistryParameters
{
    [Parameter("An image repository, e.g. registry.example.com/team/app (no tag).")]
    public string? Repository { get; set; }

    // Not --context: TargetSet.Context is the run's context.
    [Parameter("The build context folder (default: the root folder).")]
    public string? DockerContext { get; set; }

    [Parameter("The Dockerfile (default: <docker-context>/Dockerfile); relative paths are relative to the root folder.")]
    public string? Dockerfile { get; set; }

    [Parameter("The image tag (default: the commit SHA, from the CI host or the local HEAD, with -dirty for local changes).")]
    public string? Tag { get; set; }

    [Parameter("Build arguments, KEY=VALUE (a bare KEY takes the environment's value).")]
    public string[] BuildArg { get; set; } = [];

    [Parameter("The stage of a multi-stage Dockerfile to build.")]
    public string? DockerTarget { get; set; }

    [Parameter("Build without the engine's layer cache.")]
    public bool NoCache { get; set; }

    [Parameter("The Docker engine: unix:///path/to/docker.sock or tcp://host:port.", EnvironmentVariables = ["DOCKER_HOST"])]
    public string DockerHost { get; set; } = DockerConnection.Default;

    [Parameter("The image to release, e.g. registry.example.com/team/app:1.4.2.")]
    public string? Image { get; set; }

    /// <summary>What BuildImage tagged in this run: PushImage's default.</summary>
    string? _built;

    public Target BuildImage => _ => _
        .Description("Builds the image (classic builder, via DOCKER_HOST) and tags it <repository>:<commit>.")
        // With --image, PushImage pushes that image, so its dependency has nothing to do (unless asked for by name).
        .OnlyWhen(() => Image is null || Context.InvokedTargets.Contains(nameof(BuildImage), StringComparer.OrdinalIgnoreCase))
        .Executes(async () =>
        {
            var repository = ParseRepository();
            var contextDirectory = Path.GetFullPath(DockerContext ?? ".", RootDirectory);
            var revision = SourceRevision.Find(Context.Host.Commit, contextDirectory);
            var tag = Tag ?? revision.Tag
                ?? throw new UsageException($"no --tag given and {contextDirectory} is in no git repository with a commit, nor does the CI host name one; pass --tag.");
            var request = new BuildRequest(repository, tag, contextDirectory)
            {
                Dockerfile = Dockerfile is null ? null : Path.GetFullPath(Dockerfile, RootDirectory),
                BuildArgs = ParseBuildArgs(),
                Target = DockerTarget,
                NoCache = NoCache,
                Labels = Labels(revision),
            };
            using var client = await ConnectAsync();
            Log.Info($"building {request.Image} from {contextDirectory}");
            var id = await new ImageBuilder(client, Progress).BuildAsync(request, Context.Stopping);
            _built = request.Image;
            Log.Success($"built {request.Image} ({id})");
        });

    public Target PushImage => _ => _
        .Description("Pushes the image BuildImage built (or --image) and records repo, tag and digest in the temp folder's image.json.")
        .DependsOn(BuildImage)
        .Executes(async () =>
        {
            var text = Image ?? _built
                ?? throw new UsageException("nothing to push: run BuildImage in the same invocation, or pass --image <repository>:<tag>.");
            var image = ImageParameter.Parse(text);
            if (image.Tag is null)
                throw new UsageException($"--image {text}: name the tag to push, e.g. {text}:1.4.2.");
            using var client = await ConnectAsync();
            var credentials = new RegistryCredentialResolver(new RegistryOptions { Username = RegistryUsername, Password = RegistryPassword });
            var pushed = await new ImagePusher(client, credentials, Progress).PushAsync(image, Context.Stopping);
            pushed.Write(Context.TempDirectory);
            Log.Success($"pushed {pushed.Reference}");
            Context.Results.WriteLine(Output == OutputFormat.Json ? pushed.Json() : pushed.Reference);
        });

    string ParseRepository()
    {
        if (Repository is not { Length: > 0 } text)
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
            return BuildRequest.ParseBuildArgs(BuildArg, System.Environment.GetEnvironmentVariable);
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
            return await DockerConnection.ConnectAsync(DockerHost, Context.Stopping);
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
