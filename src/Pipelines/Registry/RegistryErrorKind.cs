namespace Pipelines.Registry;

public enum RegistryErrorKind
{
    /// <summary>401: no credentials, or the registry or its token server refused them.</summary>
    Unauthorized,

    /// <summary>403: the credentials are valid but may not do this.</summary>
    Denied,

    /// <summary>404: no such repository, tag, manifest or blob.</summary>
    NotFound,

    /// <summary>429 that persisted through the retries.</summary>
    Throttled,

    /// <summary>5xx that persisted through the retries.</summary>
    ServerError,

    /// <summary>No connection, or no answer within the request timeout.</summary>
    Unreachable,

    /// <summary>A manifest, config blob or token response that does not parse or is not what was asked for.</summary>
    Malformed,

    /// <summary>A multi-platform image without the requested platform.</summary>
    PlatformMissing,

    /// <summary>Any other unexpected answer.</summary>
    Protocol,
}
