using Pipelines.Locking;
using Pipelines.Manifests;

namespace Pipelines.Faults;

/// <summary>
/// Where every failure is classified, once, and mapped once to an exit code (for CI jobs) and once to an HTTP status (for
/// the Watch API and web UI). A failure no rule knows is a bug: exit 1, HTTP 500.
/// </summary>
public static class Fault
{
    public static FaultKind? KindOf(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => KindOf(aggregate.InnerExceptions[0]),
        PipelinesException own => own.Kind,
        LockTimeoutException or ConfigRepo.LockLostException => FaultKind.Conflict,
        ManifestException => FaultKind.Failed,
        Registry.RegistryException or ConfigRepo.GitRemoteException or LibGit2Sharp.LibGit2SharpException or HttpRequestException
            or Kubernetes.KubeApiException or k8s.Autorest.HttpOperationException or TimeoutException => FaultKind.Unavailable,
        _ => null,
    };

    /// <summary>2 for what the caller must fix in the command (usage, a name that does not exist), else 1, as the runner's contract says.</summary>
    public static int ExitCode(FaultKind kind) => kind is FaultKind.Usage or FaultKind.NotFound ? 2 : 1;

    public static int HttpStatus(FaultKind kind) => kind switch
    {
        FaultKind.Usage => 400,
        FaultKind.NotFound => 404,
        FaultKind.Conflict => 409,
        FaultKind.Unavailable => 503,
        _ => 422,
    };
}
