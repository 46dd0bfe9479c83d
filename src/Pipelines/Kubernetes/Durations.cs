namespace Pipelines.Kubernetes;

internal static class Durations
{
    public static string Text(TimeSpan span) => span.TotalSeconds < 120 ? $"{span.TotalSeconds:0.#}s" : $"{span.TotalMinutes:0.#}m";
}
