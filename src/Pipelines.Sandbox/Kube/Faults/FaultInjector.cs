namespace Pipelines.Sandbox.Kube.Faults;

/// <summary>
/// Decides, per request, whether it meets a fault: first the faults a test asked for (<see cref="Next"/>: the next
/// requests that match), then the random ones of <see cref="FaultRates"/>, drawn from one seeded generator.
/// </summary>
public sealed class FaultInjector(FaultRates rates)
{
    private readonly Random _random = new(rates.Seed);
    private readonly List<Planned> _planned = [];
    private readonly Lock _lock = new();

    private sealed class Planned(int count, FaultKind kind, Func<string, string, bool> matches)
    {
        public int Count = count;
        public FaultKind Kind { get; } = kind;
        public Func<string, string, bool> Matches { get; } = matches;
    }

    public TimeSpan Latency => rates.Latency;

    /// <summary>The next <paramref name="count"/> requests for which <paramref name="matches"/>(method, path) holds meet <paramref name="kind"/>.</summary>
    public void Next(int count, FaultKind kind, Func<string, string, bool>? matches = null)
    {
        lock (_lock) _planned.Add(new Planned(count, kind, matches ?? ((_, _) => true)));
    }

    /// <summary>Stops the faults asked for with <see cref="Next"/> that have not happened yet.</summary>
    public void Clear()
    {
        lock (_lock) _planned.Clear();
    }

    public FaultKind? For(string method, string path)
    {
        lock (_lock)
        {
            var planned = _planned.FirstOrDefault(p => p.Matches(method, path));
            if (planned is not null)
            {
                if (--planned.Count == 0) _planned.Remove(planned);
                return planned.Kind;
            }
            if (rates.Rates.Count == 0) return null;
            var draw = _random.NextDouble();
            foreach (var (kind, rate) in rates.Rates)
            {
                if (draw < rate) return kind;
                draw -= rate;
            }
            return null;
        }
    }
}
