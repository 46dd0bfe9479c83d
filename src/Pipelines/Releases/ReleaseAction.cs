namespace Pipelines.Releases;

/// <summary>What a commit of the tool did: the <c>Pipelines-Action</c> trailer.</summary>
public enum ReleaseAction
{
    Release,
    Rollback,
    Promote,
    Lock,
    Unlock,
    Automate,
    Deautomate,
    Policy,
    Adopt,
    Unreject,

    /// <summary>Sync: applies an environment; it commits nothing, so no commit carries this action.</summary>
    Sync,
}
