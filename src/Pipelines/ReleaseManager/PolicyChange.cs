using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>A change of a workload's release policy: Lock (needs a message), Unlock, Automate, Deautomate, or Policy (a tag filter).</summary>
public sealed record PolicyChange(ReleaseAction Action, string? Container = null, string? TagFilter = null)
{
    public static readonly ReleaseAction[] Actions = [ReleaseAction.Lock, ReleaseAction.Unlock, ReleaseAction.Automate, ReleaseAction.Deautomate, ReleaseAction.Policy];
}
