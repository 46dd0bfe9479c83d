using k8s;
using Pipelines.Targets;

namespace Pipelines.Kubernetes;

/// <summary>
/// Waits for a workload's rollout as <c>kubectl rollout status</c> does (the decision is
/// <see cref="RolloutStatus"/>), printing a progress line when the figures change. A failure carries the
/// reason from the conditions and the failing pods' waiting reasons; running out of time is "pending", not failed.
/// API errors that pass (429, 5xx, a dropped connection) do not end the wait: it keeps looking until its timeout.
/// </summary>
public sealed class RolloutWaiter(k8s.Kubernetes client, Log log, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly LiveWorkloads _live = new(new KubeApi(client));

    public async Task<RolloutResult> WaitAsync(string workloadId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var workload = WorkloadRef.Parse(workloadId);
        var started = _clock.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(100);
        string? shown = null;
        RolloutState? state = null;
        Exception? failing = null;
        while (true)
        {
            try
            {
                var live = await _live.GetAsync(workload, cancellationToken);
                if (live is null) return new RolloutResult(workloadId, RolloutOutcome.Failed, $"{workloadId} is not in the cluster.");
                state = live.Rollout;
                if (failing is not null) log.Info($"{workloadId}: the Kubernetes API answers again.");
                failing = null;
                if (state.Failed)
                {
                    var reasons = await PodProblems.DescribeAsync(client, workload, cancellationToken);
                    log.Error($"{workloadId}: {state.Error}{reasons}");
                    return new RolloutResult(workloadId, RolloutOutcome.Failed, state.Error + reasons);
                }
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
                var reasons = timeout > TimeSpan.Zero ? await ReasonsAsync(workload, cancellationToken) : "";
                var reason = $"still rolling out after {Durations.Text(timeout)} ({state!.Progress}){reasons}; raise --rollout-timeout, or watch it with kubectl rollout status";
                log.Warn($"{workloadId}: {reason}");
                return new RolloutResult(workloadId, RolloutOutcome.TimedOut, reason);
            }
            await Task.Delay(Min(delay, timeout - elapsed), _clock, cancellationToken);
            delay = Min(delay * 2, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Why pods are not ready, for a report; an API that cannot be read leaves it out rather than failing the report.</summary>
    private async Task<string> ReasonsAsync(WorkloadRef workload, CancellationToken cancellationToken)
    {
        try
        {
            return await PodProblems.DescribeAsync(client, workload, cancellationToken);
        }
        catch (Exception e) when (TransientErrors.Are(e, cancellationToken))
        {
            return "";
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

internal static class Durations
{
    public static string Text(TimeSpan span) => span.TotalSeconds < 120 ? $"{span.TotalSeconds:0.#}s" : $"{span.TotalMinutes:0.#}m";
}
