using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Server.Api;

/// <summary>
/// The writes on one service by name — release, rollback, lock, unlock, automate, deautomate — as calls of
/// <see cref="ReleaseOperations"/>. The JSON API and the web UI both take them from here, so a button does exactly
/// what the API call does.
/// </summary>
public static class ServiceOperations
{
    public const string Names = "release, rollback, lock, unlock, automate, deautomate";

    /// <summary>The operation named, ready to run through <see cref="Automation.SerializedOperations"/>; null for an unknown name.</summary>
    public static (ReleaseAction Action, Func<ReleaseOperations, CancellationToken, Task<ReleaseReport>> Run)? Find(
        string operation, OperationOptions options, string service, ServiceWrite write)
    {
        Func<ReleaseOperations, CancellationToken, Task<ReleaseReport>>? run = operation switch
        {
            // Without an image: the newest image the policy allows, as --update-all-images.
            "release" => (o, ct) => o.ReleaseAsync(options, write.Image is { } image
                ? new ReleaseRequest([service], false, [], image, false, write.Container, write.Force)
                : new ReleaseRequest([service], false, [], null, UpdateAllImages: true, write.Container, write.Force), ct),
            "rollback" => (o, ct) => o.RollbackAsync(options, service, write.To, write.Force, ct),
            "lock" => (o, ct) => o.ChangePolicyAsync(options, new PolicyChange(ReleaseAction.Lock), [service], ct),
            "unlock" => (o, ct) => o.ChangePolicyAsync(options, new PolicyChange(ReleaseAction.Unlock), [service], ct),
            "automate" => (o, ct) => o.ChangePolicyAsync(options, new PolicyChange(ReleaseAction.Automate), [service], ct),
            "deautomate" => (o, ct) => o.ChangePolicyAsync(options, new PolicyChange(ReleaseAction.Deautomate), [service], ct),
            _ => null,
        };
        return run is null ? null : (Enum.Parse<ReleaseAction>(operation, ignoreCase: true), run);
    }

    /// <summary>The options of a write by <paramref name="caller"/>: its name (and a person's email) is the commit's cause, its
    /// name a lock's locked-by, and a person (one with an email) the commit's author.</summary>
    public static OperationOptions For(string environment, ApiCaller caller, string? message, bool dryRun = false) => new(environment)
    {
        Caller = new Caller(caller.Name, caller.Cause) { Email = caller.Email },
        DryRun = dryRun,
        Message = message,
    };
}
