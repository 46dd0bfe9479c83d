namespace Pipelines.Server.Health;

/// <summary>
/// What is wrong now, by source ("config repo", "automation of staging"): the Watch service keeps running through
/// outages, and <c>/healthz</c> says it is degraded and why. A source that works again clears its problem.
/// </summary>
public sealed class ServiceHealth
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Problem, DateTimeOffset Since)> _problems = new(StringComparer.Ordinal);
    private bool _configRead;

    public void Failed(string source, string problem, DateTimeOffset now)
    {
        lock (_gate)
        {
            _problems[source] = (problem, _problems.TryGetValue(source, out var old) ? old.Since : now);
        }
    }

    public void Recovered(string source)
    {
        lock (_gate) _problems.Remove(source);
    }

    /// <summary>Clears every problem but those of <paramref name="kept"/> (a replica that stopped leading no longer runs automation).</summary>
    public void RecoveredAllBut(params string[] kept)
    {
        lock (_gate)
        {
            foreach (var source in _problems.Keys.Where(k => !kept.Contains(k)).ToList()) _problems.Remove(source);
        }
    }

    /// <summary>The config repo was read at least once: the service knows its environments (readiness).</summary>
    public void ConfigRead()
    {
        lock (_gate) _configRead = true;
    }

    public HealthReport Report()
    {
        lock (_gate)
        {
            return new HealthReport(_problems.Count == 0 ? "ok" : "degraded", _configRead,
                _problems.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new HealthProblem(p.Key, p.Value.Problem, p.Value.Since)).ToList());
        }
    }
}
