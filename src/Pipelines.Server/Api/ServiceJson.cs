using System.Text.Json.Nodes;
using Pipelines.Config;
using Pipelines.ReleaseManager;
using Pipelines.Documents;

namespace Pipelines.Server.Api;

/// <summary>The API's documents for environments and services, from the same status the web UI renders.</summary>
public static class ServiceJson
{
    public static JsonObject Environments(IEnumerable<EnvironmentConfig> environments) => ResultWriter.Node(StatusDocuments.EnvironmentList(environments, DateTimeOffset.UtcNow));

    /// <param name="moreProblems">What the answer adds to the status's own problems (that it is stale).</param>
    public static JsonObject Services(EnvironmentStatus status, IEnumerable<string> moreProblems) =>
        ResultWriter.Node(StatusDocuments.EnvironmentServices(status, moreProblems));

    public static JsonObject Service(ServiceStatus service, IReadOnlyList<string> problems) =>
        ResultWriter.Node(StatusDocuments.Service(service, problems));
}
