namespace Pipelines.Server.Health;

public sealed record HealthProblem(string Source, string Problem, DateTimeOffset Since);
