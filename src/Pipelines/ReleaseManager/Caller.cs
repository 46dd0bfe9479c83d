namespace Pipelines.ReleaseManager;

/// <summary>Who asks: <see cref="Name"/> is written as <c>pipelines/locked-by</c>, <see cref="Cause"/> as the <c>Pipelines-Cause</c> trailer.</summary>
public sealed record Caller(string Name, string Cause)
{
    /// <summary>Set for a person (signed in to the web console): their commits are authored by <see cref="Name"/> &lt;Email&gt;.
    /// Null: the config repo's identity authors them.</summary>
    public string? Email { get; init; }

    public static Caller Automation(string? buildUrl) => new("automation", buildUrl is null ? "automation" : $"automation, {buildUrl}");
}
