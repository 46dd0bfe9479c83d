
namespace Pipelines.Manifests;

/// <summary>An image edit: the new text, the containers it changed, and the values it meant to set (for the check before the push).</summary>
internal sealed record ImageEditResult(string Text, IReadOnlyList<ContainerChange> Changes, IReadOnlyList<IntendedValue> Intent)
{
    public void Deconstruct(out string text, out IReadOnlyList<ContainerChange> changes) => (text, changes) = (Text, Changes);
}
