using System.Text.Json.Nodes;
using Pipelines.Faults;
using k8s.Autorest;

namespace Pipelines.Kubernetes;

/// <summary>
/// KubernetesClient's typed calls fail with "Operation returned an invalid status code 'Conflict'"; the API's
/// own <c>Status</c> message (in the response body) is what a user needs, so targets run their calls through here.
/// </summary>
public static class KubeErrors
{
    public static async Task<T> Explain<T>(string doing, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is HttpOperationException or KubeApiException or HttpRequestException)
        {
            throw Explained(doing, e);
        }
    }

    /// <summary>What a call that failed with <paramref name="e"/> tells the user: the API's own message, or that the API cannot be
    /// reached, after what was being done; any other exception is returned as it is.</summary>
    public static Exception Explained(string doing, Exception e) => e switch
    {
        HttpOperationException http => new PipelinesException(FaultKind.Failed, $"{doing}: {Message(http)}"),
        KubeApiException api => new PipelinesException(FaultKind.Failed, $"{doing}: {api.Message}"),
        HttpRequestException request => new PipelinesException(FaultKind.Failed,
            $"{doing}: the Kubernetes API cannot be reached ({request.Message}). Check --kubeconfig/--kube-context and that the cluster is up."),
        _ => e,
    };

    public static async Task Explain(string doing, Func<Task> call) => await Explain(doing, async () => { await call(); return 0; });

    public static string Message(HttpOperationException e)
    {
        try
        {
            if (JsonNode.Parse(e.Response.Content ?? "") is JsonObject status && status["message"]?.GetValue<string>() is { } message)
            {
                return $"{message} ({(int)e.Response.StatusCode})";
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not a Status body
        }
        return $"{(int)e.Response.StatusCode} {e.Response.ReasonPhrase}";
    }
}
