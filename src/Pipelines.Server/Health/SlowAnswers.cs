namespace Pipelines.Server.Health;

/// <summary>
/// A dependency that does not answer is a problem before its call fails: git and the registry give up only after their
/// timeouts (a minute, by default), and a call may be retried. So the service reports a source degraded as soon as a call
/// of its has gone unanswered for one poll interval — while still waiting — and the call's own outcome replaces that.
/// </summary>
public static class SlowAnswers
{
    /// <summary>Runs <paramref name="call"/>; if it is still unanswered after <paramref name="after"/>, records the problem
    /// "<paramref name="waitingFor"/> has not answered for …" for <paramref name="source"/>. The call is started on the
    /// thread pool: libgit2's calls block, often before the call's first await.</summary>
    public static async Task<T> WatchAsync<T>(this ServiceHealth health, string source, string waitingFor, TimeSpan after, Func<Task<T>> call, TimeProvider clock)
    {
        using var answered = new CancellationTokenSource();
        _ = Task.Delay(after, clock, answered.Token).ContinueWith(_ =>
        {
            health.Failed(source, $"{waitingFor} has not answered for {Seconds(after)} (still waiting)", clock.GetUtcNow());
        }, answered.Token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        try
        {
            return await Task.Run(call);
        }
        finally
        {
            await answered.CancelAsync();
        }
    }

    public static Task WatchAsync(this ServiceHealth health, string source, string waitingFor, TimeSpan after, Func<Task> call, TimeProvider clock) =>
        health.WatchAsync(source, waitingFor, after, async () =>
        {
            await call();
            return true;
        }, clock);

    private static string Seconds(TimeSpan span) => span.TotalSeconds < 10 ? $"{span.TotalSeconds:0.#}s" : $"{span.TotalSeconds:0}s";
}
