namespace Pipelines.Registry;

/// <param name="After">How long a request may go unanswered before <paramref name="Unanswered"/> is told (it goes on waiting
/// until <see cref="RegistryOptions.RequestTimeout"/>).</param>
/// <param name="Unanswered">The registry (host[:port]) a request has waited <paramref name="After"/> for.</param>
/// <param name="Answered">The registry that answered a request (any status).</param>
public sealed record RegistryRequestWatch(TimeSpan After, Action<string> Unanswered, Action<string> Answered);
