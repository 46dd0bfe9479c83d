namespace Pipelines.Kubernetes;

/// <summary>
/// One look at a rollout, decided the way <c>kubectl rollout status</c> decides: a message users see,
/// whether it is done, and an error when it can never finish (e.g. ProgressDeadlineExceeded).
/// </summary>
/// <param name="Progress">A short progress figure such as <c>2/3 updated, 1 available</c>.</param>
public sealed record RolloutState(string Message, bool Done, string? Error, string Progress)
{
    public bool Failed => Error is not null;
}
