using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Text.Json;
using Pipelines.Images;
using Polly;
using Polly.Retry;

namespace Pipelines.Registry;

/// <summary>Pushing blobs (one-piece uploads) and manifests: how the sandbox seeds its registry with images.</summary>
public sealed partial class RegistryClient
{
    /// <summary>Uploads a blob in one piece (POST to open the upload, PUT with the content and digest).</summary>
    public async Task<Digest> PushBlobAsync(ImageReference repository, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var digest = Digest.Sha256(content.Span);
        var what = $"pushing blob {digest} to {repository.Name}";
        Uri location;
        var uploads = await UrlAsync(repository, "blobs/uploads/", ct);
        using (var start = await SendAsync(repository, "pull,push", () => new HttpRequestMessage(HttpMethod.Post, uploads), what, ct))
        {
            await EnsureSuccessAsync(start, repository, what, ct);
            location = start.Headers.Location is { } l
                ? new Uri(uploads, l)
                : throw new RegistryException(RegistryErrorKind.Protocol, repository.Registry, $"Registry {repository.Registry} opened an upload without a Location header while {what}.");
        }
        var put = new UriBuilder(location);
        put.Query = (put.Query.Length > 1 ? put.Query[1..] + "&" : "") + "digest=" + Uri.EscapeDataString(digest.ToString());
        using var done = await SendAsync(repository, "pull,push", () => new HttpRequestMessage(HttpMethod.Put, put.Uri)
        {
            Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        }, what, ct);
        await EnsureSuccessAsync(done, repository, what, ct);
        return digest;
    }

    /// <summary>Stores a manifest under a tag or its digest; returns its digest.</summary>
    public async Task<Digest> PushManifestAsync(ImageReference repository, string reference, string mediaType, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var what = $"pushing manifest {repository.Name}{Separator(reference)}{reference}";
        var uri = await UrlAsync(repository, $"manifests/{reference}", ct);
        using var response = await SendAsync(repository, "pull,push", () => new HttpRequestMessage(HttpMethod.Put, uri)
        {
            Content = new ReadOnlyMemoryContent(content) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
        }, what, ct);
        await EnsureSuccessAsync(response, repository, what, ct);
        return Digest.Sha256(content.Span);
    }
}
