using Pipelines.Locking;
using Pipelines.Reporting;
using Pipelines.Documents;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>
/// Administration of the global lock (<c>--lock git</c>): who holds it, and breaking it when its holder will not free it
/// (a job killed with a long TTL, a machine gone). Named after the global lock so as not to be confused with <c>Lock</c>
/// and <c>Unlock</c>, which lock workloads.
/// </summary>
public sealed class GlobalLockTargets : ProductTargetSet, IConfigRepoParameters, IBreakGlobalLockParameters, IOutputParameters, IDeadlineParameters
{
    private IConfigRepoParameters Config => this;

    public Target GlobalLockStatus => _ => _
        .Group(Stages.V2)
        .Example("./build.sh GlobalLockStatus --config-repo git@git.example.com:platform/config.git")
        .Description("Shows who holds the global lock (--lock git), since when, last renewed when, with which TTL; or that it is free (and who broke it last, if someone did). Exit 0 either way.")
        .Requires(() => Config.ConfigRepo)
        .Executes(async () =>
        {
            RequireGitLock(nameof(GlobalLockStatus));
            var status = await Locking.GlobalLockStatus.ReadAsync(OpenConfigRepository().Cache, Config.LockBranch, Context.Stopping);
            if (JsonOutput) Context.Results.WriteLine(ResultWriter.Json(GlobalLockDocuments.Status(status)));
            else foreach (var line in Text(status)) Context.Results.WriteLine(line);
        });

    public Target BreakGlobalLock => _ => _
        .Group(Stages.V2)
        .Example("./build.sh BreakGlobalLock --config-repo git@git.example.com:platform/config.git --reason \"job 4411 was killed\"")
        .Description("Frees the global lock (--lock git) held by a job that will not free it, recording who broke it and --reason. Exit 0 when broken or " +
            "already free, 1 when the lock moved meanwhile (renewed, released or taken: nothing was broken).")
        .Requires(() => Config.ConfigRepo)
        .Requires(() => ((IBreakGlobalLockParameters)this).Reason)
        .Executes(async () =>
        {
            RequireGitLock(nameof(BreakGlobalLock));
            var reason = ((IBreakGlobalLockParameters)this).Reason!;
            var repository = OpenConfigRepository();
            var breaker = repository.Options.Identity.Cause;
            var (outcome, before, commit) = await GlobalLockBreaker.BreakAsync(repository.Cache, Config.LockBranch, breaker, reason, cancellationToken: Context.Stopping);
            if (JsonOutput)
            {
                var said = outcome switch { GlobalLockBreaker.Outcome.AlreadyFree => "already-free", var o => o.ToString().ToLowerInvariant() };
                Context.Results.WriteLine(ResultWriter.Json(new GlobalLockBreakDocument(said, GlobalLockDocuments.Status(before), commit, reason)));
            }
            switch (outcome)
            {
                case GlobalLockBreaker.Outcome.AlreadyFree:
                    Log.Info($"The global lock ({before.Lock}) is free: nothing to break.");
                    break;
                case GlobalLockBreaker.Outcome.Broken:
                    Log.Done($"Broke the global lock ({before.Lock}) held by {before.State.Holder!.Describe()} since {Time(before.Since)}: commit {commit![..7]} records {breaker} and the reason.");
                    // A holder that is alive may still push the change it was working on within half its TTL of its last renewal.
                    if (before.Renewed is { } renewed && DateTimeOffset.Now - renewed < before.State.Ttl)
                    {
                        Log.Warn($"Its holder renewed it {Seconds(DateTimeOffset.Now - renewed)} ago by its own clock (TTL {Seconds(before.State.Ttl)}): if that job is alive, " +
                            "it may still push the change it was making while another job holds the lock (nothing is lost: pushes are compare-and-swap, but releases may interleave).");
                    }
                    break;
                default:
                    throw new BuildFailure($"The global lock ({before.Lock}) moved while it was being broken (renewed, released or taken): nothing was broken. " +
                        $"See who holds it now with GlobalLockStatus, then break it again if need be.");
            }
        });

    private void RequireGitLock(string target)
    {
        if (Config.Lock != LockKind.Git)
        {
            throw new UsageException($"{target} administers the git lock (--lock git); with --lock {Config.Lock.ToString().ToLowerInvariant()} there is no lock branch. " +
                (Config.Lock == LockKind.Lease ? $"See the Lease with: kubectl get lease {Config.LockBranch} -n {Config.LockNamespace} -o yaml." : ""));
        }
    }

    private static IEnumerable<string> Text(Locking.GlobalLockStatus status)
    {
        if (status.State.IsFree)
        {
            yield return $"The global lock ({status.Lock}) is free.";
            if (status.Broken is { } broken) yield return $"  Last broken by {broken.By} at {Time(status.Renewed)}: {broken.Reason} (it was held by {broken.WasHeldBy}).";
            yield break;
        }
        var holder = status.State.Holder!;
        yield return $"The global lock ({status.Lock}) is held by {holder.Describe()}.";
        yield return $"  since        {Time(status.Since)} (the holder's clock)";
        yield return $"  renewed      {Time(status.Renewed)}";
        yield return $"  TTL          {Seconds(status.State.Ttl)}: waiters take it over once it stays unchanged that long by their own clocks";
        yield return $"  owner        {holder.Id}";
        yield return $"  lock commit  {status.Commit![..7]}";
    }

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0}s";
}
