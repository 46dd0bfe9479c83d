namespace Pipelines.Releases;

/// <summary>Why a workload was left alone: Flux v1's words (pkg/update/result.go), so Flux users read them at once.</summary>
public static class SkipReason
{
    public const string UpToDate = "up to date";
    public const string Excluded = "excluded";
    public const string NotIncluded = "not included";
    public const string NotAutomated = "not automated";
    public const string ImageNotInRegistry = "image not in registry";
    public const string DoesNotUseImage = "does not use image";
    public const string ContainerNotFound = "container not found";
    public const string Ignored = "ignored (fluxcd.io/ignore: \"true\")";

    /// <summary>Automation held back by the environment's release windows: <c>held back: the release window is closed (…) until …</c>.</summary>
    public static string OutsideWindow(string closed) => $"held back: {closed}";

    /// <summary><c>locked by alice: PCI audit until Friday</c>; who and why are the point of a lock.</summary>
    public static string Locked(string? by, string? message) =>
        "locked" + (string.IsNullOrWhiteSpace(by) ? "" : $" by {by}") + (string.IsNullOrWhiteSpace(message) ? "" : $": {message}");

    /// <summary>Said of a locked workload changed with --force, in the report and the notification.</summary>
    public static string LockOverridden(string? by, string? message) => $"lock overridden with --force ({Locked(by, message)})";
}
