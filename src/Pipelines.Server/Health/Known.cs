namespace Pipelines.Server.Health;

/// <summary>An answer, and how old it is: <see cref="Stale"/> says why it is not fresh (null when it is).</summary>
public sealed record Known<T>(T Value, DateTimeOffset At, string? Stale);
