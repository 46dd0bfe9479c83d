using System.Globalization;

namespace Pipelines.Sandbox.Kube.Faults;

/// <summary>What can go wrong with one request: an answer an overloaded or failing API server gives, or a dropped connection.</summary>
public enum FaultKind
{
    /// <summary>429 TooManyRequests with Retry-After, as API priority and fairness answers.</summary>
    TooManyRequests,
    /// <summary>500 InternalError.</summary>
    InternalError,
    /// <summary>503 ServiceUnavailable, as an API server shutting down or behind a restarting load balancer answers.</summary>
    ServiceUnavailable,
    /// <summary>The connection is reset without an answer.</summary>
    Reset,
}

/// <summary>
/// Random faults at given rates, from a seed (so a run can be repeated), plus latency added to every request:
/// <c>429:0.05,503:0.02,500:0.01,reset:0.01,latency:50ms,seed:7</c>.
/// </summary>
public sealed record FaultRates(IReadOnlyDictionary<FaultKind, double> Rates, TimeSpan Latency, int Seed)
{
    public static FaultRates None { get; } = new(new Dictionary<FaultKind, double>(), TimeSpan.Zero, 0);

    public static FaultRates Parse(string text)
    {
        var rates = new Dictionary<FaultKind, double>();
        var latency = TimeSpan.Zero;
        var seed = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0) throw Invalid(text, part);
            var (name, value) = (part[..colon].ToLowerInvariant(), part[(colon + 1)..]);
            switch (name)
            {
                case "latency":
                    latency = value.EndsWith("ms", StringComparison.Ordinal) && int.TryParse(value[..^2], CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms)
                        : value.EndsWith('s') && double.TryParse(value[..^1], CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s)
                        : throw Invalid(text, part);
                    break;
                case "seed":
                    seed = int.TryParse(value, CultureInfo.InvariantCulture, out var n) ? n : throw Invalid(text, part);
                    break;
                default:
                    var kind = name switch
                    {
                        "429" => FaultKind.TooManyRequests,
                        "500" => FaultKind.InternalError,
                        "503" => FaultKind.ServiceUnavailable,
                        "reset" => FaultKind.Reset,
                        _ => throw Invalid(text, part),
                    };
                    rates[kind] = double.TryParse(value, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1 ? rate : throw Invalid(text, part);
                    break;
            }
        }
        return new FaultRates(rates, latency, seed);
    }

    private static ArgumentException Invalid(string text, string part) =>
        new($"--faults '{text}': '{part}' is not a fault; write e.g. 429:0.05,503:0.02,500:0.01,reset:0.01,latency:50ms,seed:7 (rates between 0 and 1).");
}
