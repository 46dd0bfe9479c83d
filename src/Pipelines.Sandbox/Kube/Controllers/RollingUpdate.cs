using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>
/// The arithmetic of a rolling update, as the deployment controller does it: maxSurge rounds up,
/// maxUnavailable rounds down, and both zero means one may be unavailable.
/// </summary>
public static class RollingUpdate
{
    public static (int MaxSurge, int MaxUnavailable) Limits(JsonNode? rollingUpdate, int replicas)
    {
        var surge = Scaled(rollingUpdate?["maxSurge"], replicas, roundUp: true, fallback: "25%");
        var unavailable = Scaled(rollingUpdate?["maxUnavailable"], replicas, roundUp: false, fallback: "25%");
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, Math.Min(unavailable, replicas));
    }

    /// <summary>How many new-ReplicaSet replicas to run now: up to the desired count, within desired + maxSurge in total.</summary>
    public static int NewReplicas(int desired, int newCurrent, int allCurrent, int maxSurge)
    {
        if (newCurrent >= desired) return desired;
        var room = desired + maxSurge - allCurrent;
        return room <= 0 ? newCurrent : newCurrent + Math.Min(room, desired - newCurrent);
    }

    public static int Scaled(JsonNode? value, int total, bool roundUp, string fallback)
    {
        var text = value?.ToString() ?? fallback;
        if (!text.EndsWith('%')) return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var percent = int.Parse(text[..^1], CultureInfo.InvariantCulture);
        var exact = percent * total / 100.0;
        return (int)(roundUp ? Math.Ceiling(exact) : Math.Floor(exact));
    }
}
