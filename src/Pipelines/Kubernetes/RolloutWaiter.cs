using System.Text.Json.Nodes;
using Pipelines.Diagnostics;
using Pipelines.Releases;

namespace Pipelines.Kubernetes;

/// <summary>
/// Waits for a workload's rollout as <c>kubectl rollout status</c> does (the decision is <see cref="RolloutStatus"/>),
/// printing a progress line when the figures change, and fails it early when a pod of the new revision stays in a state
/// that waiting does not cure (<see cref="FailureGrace"/>), so that a bad image fails within the rollout timeout on
/// Kubernetes' default 600 s progress deadline. A failure carries the reason: the pods' states, ReplicaFailure
/// conditions and warning events. Running out of time is "pending", not failed. API errors that pass (429, 5xx, a
/// dropped connection) do not end the wait: it keeps looking until its timeout.
/// </summary>
public sealed class RolloutWaiter(k8s.Kubernetes client, ILog log, TimeSpan? failureGrace = null, TimeProvider? clock = null)
{
    /// <summary>How often the pods are looked at (the workload itself is read more often at first).</summary>
    private static readonly TimeSpan PodInterval = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly KubeApi _api = new(client);

    public async Task<RolloutResult> WaitAsync(string workloadId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var workload = WorkloadRef.Parse(workloadId);
        var pods = new RolloutPods(_api);
        var grace = new FailureGrace(failureGrace ?? TimeSpan.FromSeconds(60));
        var started = _clock.GetTimestamp();
        var podsLooked = (long?)null;
        var delay = TimeSpan.FromMilliseconds(100);
        string? shown = null;
        RolloutState? state = null;
        JsonObject? live = null;
        Exception? failing = null;
        while (true)
        {
            try
            {
                live = await _api.GetAsync(LiveWorkloads.ObjectPath(workload), cancellationToken);
                if (live is null) return new RolloutResult(workloadId, RolloutOutcome.Failed, $"{workloadId} is not in the cluster.");
                state = LiveWorkloads.From(workload.Kind, live).Rollout;
                if (failing is not null) log.Info($"{workloadId}: the Kubernetes API answers again.");
                failing = null;
                if (state.Failed) return Failed(workloadId, state.Error + await pods.DescribeAsync(workload, live, cancellationToken));
                if (state.Done)
                {
                    log.Success($"{workloadId}: {state.Message} ({state.Progress})");
                    return new RolloutResult(workloadId, RolloutOutcome.Succeeded, null);
                }
                if (state.Progress != shown)
                {
                    log.Info($"{workloadId}: {state.Progress}");
                    shown = state.Progress;
                }
                if (podsLooked is null || _clock.GetElapsedTime(podsLooked.Value) >= PodInterval)
                {
                    podsLooked = _clock.GetTimestamp();
                    var troubles = PodTrouble.Of(await pods.NewRevisionAsync(workload, live, cancellationToken));
                    if (grace.Observe(_clock.GetUtcNow(), troubles) is { } early)
                    {
                        var warnings = await pods.WarningsAsync(workload, live, [], cancellationToken);
                        return Failed(workloadId, early + string.Concat(warnings.Select(w => "; event " + w)));
                    }
                }
            }
            catch (Exception e) when (TransientErrors.Are(e, cancellationToken))
            {
                if (failing is null) log.Warn($"{workloadId}: reading the rollout failed ({e.Message}); still waiting, until --rollout-timeout.");
                failing = e;
            }
            var elapsed = _clock.GetElapsedTime(started);
            if (elapsed >= timeout)
            {
                if (failing is not null)
                {
                    var unread = $"still rolling out after {Durations.Text(timeout)} as far as is known ({state?.Progress ?? "not read yet"}); the Kubernetes API could not be read at the end: {failing.Message}";
                    log.Warn($"{workloadId}: {unread}");
                    return new RolloutResult(workloadId, RolloutOutcome.TimedOut, unread);
                }
                // --rollout-timeout 0 asks not to wait: the pods of a rollout just started have nothing to tell yet.
                var reasons = timeout > TimeSpan.Zero ? await ReasonsAsync(pods, workload, live, cancellationToken) : "";
                var reason = $"still rolling out after {Durations.Text(timeout)} ({state!.Progress}){reasons}; raise --rollout-timeout, or watch it with kubectl rollout status";
                log.Warn($"{workloadId}: {reason}");
                return new RolloutResult(workloadId, RolloutOutcome.TimedOut, reason);
            }
            await Task.Delay(Min(delay, timeout - elapsed), _clock, cancellationToken);
            delay = Min(delay * 2, TimeSpan.FromSeconds(1));
        }
    }

    private RolloutResult Failed(string workloadId, string reason)
    {
        log.Error($"{workloadId}: {reason}");
        return new RolloutResult(workloadId, RolloutOutcome.Failed, reason);
    }

    /// <summary>Why pods are not ready, for a report; an API that cannot be read leaves it out rather than failing the report.</summary>
    private static async Task<string> ReasonsAsync(RolloutPods pods, WorkloadRef workload, JsonObject? live, CancellationToken cancellationToken)
    {
        try
        {
            return await pods.DescribeAsync(workload, live, cancellationToken);
        }
        catch (Exception e) when (TransientErrors.Are(e, cancellationToken))
        {
            return "";
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
