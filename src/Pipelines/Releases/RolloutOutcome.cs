namespace Pipelines.Releases;

public enum RolloutOutcome
{
    Succeeded,
    Failed,
    /// <summary>Still rolling out when --rollout-timeout ran out: pending, not failed.</summary>
    TimedOut,
}
