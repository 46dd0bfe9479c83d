namespace Pipelines.ConfigRepo;

/// <summary>The CI job a change comes from, as the caller's host detected it (Jenkins, GitLab, CircleCI, GitHub Actions):
/// it names commits made without <c>--user</c> and goes into the <c>Pipelines-Cause</c> trailer. Null outside CI.</summary>
/// <param name="System">The CI system's name, e.g. <c>GitLab</c>.</param>
/// <param name="BuildNumber">The job's number, when the system has one.</param>
/// <param name="BuildUrl">The job's page.</param>
public sealed record CiJob(string System, string? BuildNumber, string? BuildUrl);
