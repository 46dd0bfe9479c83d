using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Faults;

namespace Pipelines.Kubernetes;

/// <summary>
/// Untyped JSON requests through KubernetesClient's connection (its TLS, its credentials), for what the
/// typed client has no generic form of: discovery of any group, server-side apply of any kind, listing
/// by label across kinds. Errors carry the API's own <c>Status</c> message.
/// </summary>
public sealed class KubeApi(k8s.Kubernetes client)
{
    public Uri Server => client.BaseUri;

    public async Task<JsonObject?> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, path, null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await ReadAsync(response, "GET", path, cancellationToken);
    }

    /// <summary>The field manager of every server-side apply Pipelines makes.</summary>
    public const string FieldManager = "pipelines";

    /// <summary>
    /// Server-side apply as field manager <c>pipelines</c>, forcing ownership (we are the source of truth), with strict field
    /// validation (an unknown field is refused, not dropped).
    /// </summary>
    public async Task<(bool Created, JsonObject Object)> ApplyAsync(string path, JsonObject body, bool dryRun, CancellationToken cancellationToken = default)
    {
        var query = $"?fieldManager={FieldManager}&force=true&fieldValidation=Strict" + (dryRun ? "&dryRun=All" : "");
        using var response = await SendAsync(HttpMethod.Patch, path + query, body.ToJsonString(), "application/apply-patch+yaml", cancellationToken);
        return (response.StatusCode == HttpStatusCode.Created, (await ReadAsync(response, "apply", path, cancellationToken))!);
    }

    public async Task<JsonObject> PatchAsync(string path, string patch, string contentType, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Patch, path, patch, contentType, cancellationToken);
        return (await ReadAsync(response, "patch", path, cancellationToken))!;
    }

    /// <summary>Deletes with background propagation (dependents such as ReplicaSets go too); false when already gone.</summary>
    public async Task<bool> DeleteAsync(string path, bool dryRun, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["propagationPolicy"] = "Background" };
        if (dryRun) body["dryRun"] = new JsonArray("All");
        using var response = await SendAsync(HttpMethod.Delete, path, body.ToJsonString(), "application/json", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        await ReadAsync(response, "delete", path, cancellationToken);
        return true;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? contentType, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(client.BaseUri, path.TrimStart('/')));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
        }
        if (client.Credentials is { } credentials) await credentials.ProcessHttpRequestAsync(request, cancellationToken);
        try
        {
            return await client.HttpClient.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new KubeApiException($"The Kubernetes API at {client.BaseUri} cannot be reached ({e.Message}). Check --kubeconfig/--kube-context and that the cluster is up.", HttpStatusCode.ServiceUnavailable);
        }
    }

    private static async Task<JsonObject?> ReadAsync(HttpResponseMessage response, string verb, string path, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON (a proxy's error page): the status line below says enough.
        }
        if (response.IsSuccessStatusCode) return json;
        var message = json?["message"]?.GetValue<string>() ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
        throw new KubeApiException($"The Kubernetes API refused {verb} {path}: {message}", response.StatusCode) { ApiMessage = message };
    }
}
