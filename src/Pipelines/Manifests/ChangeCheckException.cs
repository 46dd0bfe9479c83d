namespace Pipelines.Manifests;

/// <summary>
/// The check before a push found that a change would write something it did not mean to. This is a bug in Pipelines, not
/// in the config repo: nothing was committed or pushed, and the message says which file and line to report.
/// </summary>
internal sealed class ChangeCheckException(IReadOnlyList<string> problems) : Exception(
    "Refused to push: the change would write more or other than it meant, which is a bug in Pipelines; nothing was committed or pushed. " +
    "Please report it with these lines: " + string.Join(" | ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
