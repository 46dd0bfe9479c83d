using Pipelines.Faults;
using System.Net;

namespace Pipelines.Kubernetes;

/// <summary>The API answered with an error (its Status message included) or could not be reached.</summary>
internal sealed class KubeApiException(string message, HttpStatusCode status) : Exception(message), IFault
{
    FaultKind IFault.Kind => FaultKind.Unavailable;

    public HttpStatusCode Status { get; } = status;

    /// <summary>The message of the API's Status body alone, when it answered one.</summary>
    public string? ApiMessage { get; init; }
}
