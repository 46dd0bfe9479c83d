namespace Pipelines.ReleaseManager;

/// <summary>Who asks: <see cref="Name"/> is written as <c>pipelines/locked-by</c>, <see cref="Cause"/> as the <c>Pipelines-Cause</c> trailer.</summary>
public sealed record Caller(string Name, string Cause)
{
    public static Caller Automation(string? buildUrl) => new("automation", buildUrl is null ? "automation" : $"automation, {buildUrl}");
}
