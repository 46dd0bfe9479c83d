namespace Pipelines.Server.Health;

public sealed record HealthReport(string Status, bool Ready, IReadOnlyList<HealthProblem> Problems);
