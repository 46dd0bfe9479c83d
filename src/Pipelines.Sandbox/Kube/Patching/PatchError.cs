namespace Pipelines.Sandbox.Kube.Patching;

/// <summary>A patch that cannot be applied; the message is what the API server answers (400 or 422).</summary>
public sealed class PatchError(string message, bool invalid = false) : Exception(message)
{
    /// <summary>True for a failed JSON-patch test or a bad path (422 Invalid), false for a malformed patch (400).</summary>
    public bool Invalid { get; } = invalid;
}
