namespace Pipelines.Releases;

/// <summary>What a release was asked to do, as the command line said it.</summary>
/// <param name="Services">Named workloads (<c>--service</c>); empty with <paramref name="All"/> or <paramref name="Automated"/>.</param>
/// <param name="Image">Release this image (<c>--image</c>) to the containers using its repository; null with <paramref name="UpdateAllImages"/>.</param>
/// <param name="Container">Only this container (<c>--container</c>); with an image, set it whatever repository it runs.</param>
/// <param name="Force">Release named workloads even when locked.</param>
/// <param name="Automated">Automation: every automated, unlocked workload, newest allowed images.</param>
/// <param name="FailWhenLocked">A locked workload fails the run instead of being skipped (UpdateConfigRepo: a CI job's one change must not pass silently).</param>
public sealed record ReleaseRequest(
    IReadOnlyList<string> Services,
    bool All,
    IReadOnlyList<string> Exclude,
    string? Image,
    bool UpdateAllImages,
    string? Container = null,
    bool Force = false,
    bool Automated = false,
    bool FailWhenLocked = false);
