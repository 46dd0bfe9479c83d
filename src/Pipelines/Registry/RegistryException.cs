using System.Net;
using Pipelines.Faults;

namespace Pipelines.Registry;

/// <summary>A registry request that failed, with a message that says what to do. Never carries a secret.</summary>
public sealed class RegistryException(RegistryErrorKind kind, string registry, string message, HttpStatusCode? status = null, Exception? inner = null)
    : Exception(message, inner), IFault
{
    FaultKind IFault.Kind => FaultKind.Unavailable;

    public RegistryErrorKind Kind { get; } = kind;

    /// <summary>The registry host, with port.</summary>
    public string Registry { get; } = registry;

    public HttpStatusCode? StatusCode { get; } = status;
}
