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
}
