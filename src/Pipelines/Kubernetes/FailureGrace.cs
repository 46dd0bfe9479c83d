namespace Pipelines.Kubernetes;

/// <summary>
/// Fails a rollout before its progress deadline (600 s by default, longer than most --rollout-timeouts) when a pod of
/// the new revision has stayed in an unrecoverable state for the grace period. Pure: each look at the pods is given with
/// its time; a trouble that goes away (the pod became ready, or was replaced) starts again from zero.
/// </summary>
internal sealed class FailureGrace(TimeSpan grace)
{
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);

    /// <returns>The reason to fail now, or null.</returns>
    public string? Observe(DateTimeOffset now, IReadOnlyList<PodTrouble> troubles)
    {
        var current = troubles.Where(t => t.Unrecoverable).GroupBy(t => t.Key).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var gone in _since.Keys.Where(k => !current.ContainsKey(k)).ToList()) _since.Remove(gone);
        foreach (var key in current.Keys) _since.TryAdd(key, now);
        var held = current.Values.Where(t => now - _since[t.Key] >= grace).ToList();
        if (held.Count == 0) return null;
        return $"the new pods stayed for {Durations.Text(grace)} (--failure-grace) in a state that waiting does not cure: " +
            string.Join("; ", held.Take(5).Select(t => t.Text));
    }
}
