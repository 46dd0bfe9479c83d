using Pipelines.Manifests;

namespace Pipelines.Releases;

/// <summary>
/// The annotation changes of Lock, Unlock, Automate, Deautomate and Policy, as (key, value or null to
/// remove). Flux v1's keys for the same setting are removed, so that the <c>pipelines/</c> key is the one
/// that counts afterwards. Pure.
/// </summary>
internal static class PolicyEdit
{
    private static readonly string[] FluxPrefixes = ["fluxcd.io/", "flux.weave.works/"];

    public static IReadOnlyList<(string Key, string? Value)> Lock(string by, string message) =>
        [.. Set("locked", "true"), .. Set("locked-by", by), .. Set("locked-message", message), .. Remove("locked_user"), .. Remove("locked_msg")];

    public static IReadOnlyList<(string Key, string? Value)> Unlock() =>
        [.. Set("locked", null), .. Set("locked-by", null), .. Set("locked-message", null), .. Remove("locked_user"), .. Remove("locked_msg")];

    public static IReadOnlyList<(string Key, string? Value)> Automate(bool automated) => [.. Set("automated", automated ? "true" : "false")];

    public static IReadOnlyList<(string Key, string? Value)> TagFilter(string container, string filter) => [.. Set("tag." + container, filter)];

    /// <summary>Applies the changes to the workload's file (removing a key it does not have changes nothing). Returns whether anything changed.</summary>
    public static bool Apply(ManifestEditor editor, Workload workload, IEnumerable<(string Key, string? Value)> changes)
    {
        var changed = false;
        foreach (var (key, value) in changes) changed |= editor.SetAnnotation(workload, key, value);
        return changed;
    }

    private static IEnumerable<(string, string?)> Set(string name, string? value) =>
        FluxPrefixes.Select(prefix => (prefix + name, (string?)null)).Prepend((WorkloadPolicy.Prefix + name, value));

    private static IEnumerable<(string, string?)> Remove(string name) => FluxPrefixes.Select(prefix => (prefix + name, (string?)null));
}
