using k8s;
using Pipelines.Targets;

namespace Pipelines.Kubernetes;

/// <summary>
/// Waits for a workload's rollout as <c>kubectl rollout status</c> does (the decision is
/// <see cref="RolloutStatus"/>), printing a progress line when the figures change. A failure carries the
/// reason from the conditions and the failing pods' waiting reasons; running out of time is "pending", not failed.
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
        while (true)
        {
            var live = await _live.GetAsync(workload, cancellationToken);
            if (live is null) return new RolloutResult(workloadId, RolloutOutcome.Failed, $"{workloadId} is not in the cluster.");
            var state = live.Rollout;
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
            var elapsed = _clock.GetElapsedTime(started);
            if (elapsed >= timeout)
            {
                // --rollout-timeout 0 asks not to wait: the pods of a rollout just started have nothing to tell yet.
                var reasons = timeout > TimeSpan.Zero ? await PodProblems.DescribeAsync(client, workload, cancellationToken) : "";
                var reason = $"still rolling out after {Durations.Text(timeout)} ({state.Progress}){reasons}; raise --rollout-timeout, or watch it with kubectl rollout status";
                log.Warn($"{workloadId}: {reason}");
                return new RolloutResult(workloadId, RolloutOutcome.TimedOut, reason);
            }
            await Task.Delay(Min(delay, timeout - elapsed), _clock, cancellationToken);
            delay = Min(delay * 2, TimeSpan.FromSeconds(1));
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

internal static class Durations
{
    public static string Text(TimeSpan span) => span.TotalSeconds < 120 ? $"{span.TotalSeconds:0.#}s" : $"{span.TotalMinutes:0.#}m";
}
