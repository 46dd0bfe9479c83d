using Docker.DotNet.Models;
using Docker.DotNet;
using Pipelines.Diagnostics;
using Pipelines.Faults;
using Pipelines.Images;
using Pipelines.Registry;

namespace Pipelines.Docker;

/// <summary>
/// Pushes a tagged image from the engine to its registry (<c>POST /images/{name}/push</c>) with the
/// credential the registry client would use (parameters, then the Docker config and its helpers), and
/// returns the manifest digest the registry stored.
/// </summary>
public sealed class ImagePusher(DockerClient client, RegistryCredentialResolver credentials, ILog log)
{
    public async Task<PushedImage> PushAsync(ImageReference image, CancellationToken ct = default)
    {
        var tag = image.Tag ?? throw new ArgumentException($"{image} has no tag to push.", nameof(image));
        var name = image.FamiliarName; // the engine names images as they were tagged
        var credential = await credentials.FindAsync(image.Registry, ct);
        log.Info(credential is null ? $"pushing {name}:{tag} anonymously" : $"pushing {name}:{tag} as {credential}");
        var output = new PushOutput(log);
        try
        {
            await client.Images.PushImageAsync(name, new ImagePushParameters { Tag = tag }, AuthFor(image.Registry, credential), output, ct);
        }
        catch (DockerApiException e)
        {
            throw new PipelinesException(FaultKind.Failed, Scrub($"the Docker engine refused to push {name}:{tag}: {EngineMessage.From(e)}{Hint(e.StatusCode == System.Net.HttpStatusCode.NotFound)}", credential));
        }
        if (output.Error is { } error)
            throw new PipelinesException(FaultKind.Failed, Scrub($"pushing {name}:{tag} failed: {error}{AuthHint(error, credential)}", credential));
        if (output.Digest is null)
            throw new PipelinesException(FaultKind.Failed, $"the Docker engine pushed {name}:{tag} but reported no digest; check the registry.");
        log.Info($"{output.LayersPushed} layer(s) pushed, {output.LayersExisting} already in the registry");
        return new PushedImage(name, tag, output.Digest);
    }

    static AuthConfig? AuthFor(string registry, RegistryCredential? credential)
    {
        if (credential is null) return null;
        var server = registry == ImageReference.DockerHub ? "https://index.docker.io/v1/" : registry;
        return credential.IsIdentityToken
            ? new AuthConfig { IdentityToken = credential.Secret, ServerAddress = server }
            : new AuthConfig { Username = credential.Username, Password = credential.Secret, ServerAddress = server };
    }

    static string Hint(bool notFound) => notFound ? " (is the image built and tagged? run BuildImage first, or pass --image with a local image)" : "";

    static string AuthHint(string error, RegistryCredential? credential) =>
        error.Contains("unauthorized", StringComparison.OrdinalIgnoreCase) || error.Contains("authentication required", StringComparison.OrdinalIgnoreCase)
            ? credential is null
                ? ". The registry wants credentials: pass --registry-username and --registry-password (or REGISTRY_PASSWORD), or run docker login."
                : $". The registry refused {credential}: check the user name and password."
            : "";

    // The engine does not echo passwords, but a message must never carry one even if it did.
    static string Scrub(string message, RegistryCredential? credential) =>
        credential is { Secret.Length: > 0 } c ? message.Replace(c.Secret, "****", StringComparison.Ordinal) : message;
}
