using Docker.DotNet.Models;
using Docker.DotNet;
using Pipelines.Diagnostics;
using Pipelines.Faults;

namespace Pipelines.Docker;

/// <summary>
/// Builds an image with the engine's classic builder (<c>POST /build</c>): the context streamed as a tar,
/// the output logged as it comes, a failed step reported with its number, instruction and error.
/// </summary>
public sealed class ImageBuilder(DockerClient client, ILog log)
{
    /// <summary>Builds and tags <see cref="BuildRequest.Image"/>; returns the image id.</summary>
    public async Task<string> BuildAsync(BuildRequest request, CancellationToken ct = default)
    {
        var archive = BuildContextArchive.Open(request.ContextDirectory, request.Dockerfile);
        var parameters = new ImageBuildParameters
        {
            Tags = [request.Image],
            Dockerfile = archive.DockerfileEntry,
            BuildArgs = new Dictionary<string, string>(request.BuildArgs),
            Labels = new Dictionary<string, string>(request.Labels),
            Target = request.Target,
            NoCache = request.NoCache,
            // Intermediate containers are removed even after a failed step, as `docker build` does.
            Remove = true,
            ForceRemove = true,
        };
        var output = new BuildOutput(log);
        await using (var tar = archive.OpenRead(ct))
        {
            try
            {
                await client.Images.BuildImageFromDockerfileAsync(parameters, tar, [], new Dictionary<string, string>(), output, ct);
            }
            catch (DockerApiException e)
            {
                // Refused before building (a bad Dockerfile name or syntax): the body holds the engine's message.
                throw new PipelinesException(FaultKind.Failed, $"the Docker engine refused the build: {EngineMessage.From(e)}");
            }
        }
        output.Flush();
        if (output.Error is not null) throw new PipelinesException(FaultKind.Failed, output.FailureMessage());
        // API 1.41 sends the id in an aux message; asking the engine again would cost a round trip and,
        // in a fresh process, the JIT of the whole inspect model (about 150 ms).
        return output.ImageId ?? (await client.Images.InspectImageAsync(request.Image, ct)).ID;
    }
}
