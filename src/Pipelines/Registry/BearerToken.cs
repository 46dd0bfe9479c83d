using System.Text.Json;

namespace Pipelines.Registry;

/// <summary>A registry access token and when to stop using it. Never printed.</summary>
internal sealed record BearerToken(string Value, DateTimeOffset ExpiresAt)
{
    /// <summary>Registries must accept tokens for at least 60 seconds when they do not say.</summary>
    static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt;

    /// <summary>
    /// Reads a token server's answer: <c>token</c> or <c>access_token</c>, valid <c>expires_in</c> seconds from
    /// receipt (<c>issued_at</c> is ignored: it is the token server's clock, not ours). The token is dropped a
    /// little early, so it never expires in flight.
    /// </summary>
    public static BearerToken Parse(string json, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        string? Get(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var value = Get("token") is { Length: > 0 } t ? t : Get("access_token");
        if (string.IsNullOrEmpty(value))
            throw new FormatException("the token server's answer has neither 'token' nor 'access_token'");
        var lifetime = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number && e.GetInt32() > 0
            ? TimeSpan.FromSeconds(e.GetInt32())
            : DefaultLifetime;
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(30).Ticks, lifetime.Ticks / 4));
        return new BearerToken(value, now + lifetime - margin);
    }

    public override string ToString() => $"BearerToken (expires {ExpiresAt:O})";
}
