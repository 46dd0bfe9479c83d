using System.Collections.Concurrent;
using Pipelines.Config;
using Pipelines.Faults;
using Pipelines.Manifests;
using Pipelines.ReleaseManager;
using Pipelines.Releases;

namespace Pipelines.Server.Health;

/// <summary>
/// The API's reads, answered within a budget whatever the config repo or the registry do: a read that comes back in time
/// is answered fresh (and remembered); one that does not — a dependency hanging until its own timeout — is answered from
/// the last answer known, marked stale with its age, while the read goes on in the background and refreshes what is
/// known when it comes back. One read per question is under way at a time, however many requests ask it. A read that
/// fails is answered from what is known too (with the failure), except a usage error (an unknown environment), which is
/// the caller's. With nothing known yet, a read that failed throws its failure (so the API answers its status) and one
/// that did not answer <see cref="StateUnknownException"/>.
/// An answer read less than <c>freshFor</c> ago is given again without asking: each read fetches the config repo, scans an
/// environment and lists its cluster (~100 ms), and a console's requests ask the same few questions over and over. So an
/// answer is at most <c>freshFor</c> behind a push made elsewhere or a change in the cluster; a change made through this
/// service (<see cref="Invalidate"/>, after every operation) is seen by the next read, which never joins a read begun before it.
/// </summary>
public sealed class KnownState(ReleaseOperations reads, TimeSpan budget, TimeProvider? clock = null, TimeSpan freshFor = default)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string Question, long Generation), Task<object?>> _underWay = new();
    private readonly ConcurrentDictionary<string, (object? Value, DateTimeOffset At, DateTimeOffset Asked, long Generation)> _known = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Something was changed through this service: no answer read before now is given again as fresh.</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    public Task<Known<IReadOnlyList<EnvironmentConfig>>> EnvironmentsAsync(CancellationToken cancellationToken) =>
        GetAsync("environments", () => reads.EnvironmentsAsync(), cancellationToken);

    public Task<Known<AccessRules>> AccessAsync(CancellationToken cancellationToken) =>
        GetAsync("access", () => reads.AccessAsync(), cancellationToken);

    public Task<Known<EnvironmentStatus>> StatusAsync(string environment, CancellationToken cancellationToken) =>
        GetAsync($"status {environment}", () => reads.StatusAsync(environment), cancellationToken);

    public Task<Known<IReadOnlyList<HistoryEntry>>> HistoryAsync(string? environment, string? service, int limit, CancellationToken cancellationToken) =>
        GetAsync($"history {environment} {service} {limit}", () => reads.HistoryAsync(environment, service, limit), cancellationToken);

    public Task<Known<IReadOnlyList<Workload>?>> WorkloadsAsync(string environment, CancellationToken cancellationToken) =>
        GetAsync($"workloads {environment}", () => reads.WorkloadsAsync(environment), cancellationToken);

    /// <summary>Waits for the reads still under way (the service stopping: they outlive their requests).</summary>
    public async Task DrainAsync()
    {
        foreach (var reading in _underWay.Values.ToList())
        {
            try
            {
                await reading;
            }
            catch (Exception)
            {
                // its requests were answered from what was known; the failure is theirs to have reported
            }
        }
    }

    private async Task<Known<T>> GetAsync<T>(string question, Func<Task<T>> read, CancellationToken cancellationToken)
    {
        var generation = Interlocked.Read(ref _generation);
        if (_known.TryGetValue(question, out var fresh) && fresh.Generation == generation && _clock.GetUtcNow() - fresh.Asked < freshFor)
            return new Known<T>((T)fresh.Value!, fresh.At, null);
        // Not cancelled with the request: a read that outlives its request still refreshes what is known. A read found
        // finished is an earlier request's (its removal raced this request): start a new one.
        var key = (question, generation);
        var underWay = _underWay.GetOrAdd(key, _ => ReadAsync(key, read));
        if (underWay.IsCompleted)
        {
            _underWay.TryRemove(new KeyValuePair<(string, long), Task<object?>>(key, underWay));
            underWay = _underWay.GetOrAdd(key, _ => ReadAsync(key, read));
        }
        var answered = await Task.WhenAny(underWay, Task.Delay(budget, _clock, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        if (answered == underWay && underWay.IsCompletedSuccessfully) return new Known<T>((T)underWay.Result!, _clock.GetUtcNow(), null);
        var failure = answered == underWay ? underWay.Exception!.GetBaseException() : null;
        // The caller's mistakes (an unknown environment) are theirs, whatever is known.
        if (failure is not null && Faults.Fault.KindOf(failure) is Faults.FaultKind.Usage or Faults.FaultKind.NotFound) throw failure;
        var problem = failure?.Message ?? $"no answer within {budget.TotalSeconds:0.#}s";
        if (_known.TryGetValue(question, out var known)) return new Known<T>((T)known.Value!, known.At, problem);
        // Nothing known: a read that failed says why, with its own status (a config repo without pipelines.yaml: 422); only silence is "unknown".
        if (failure is not null && Faults.Fault.KindOf(failure) is not null) throw failure;
        throw new StateUnknownException($"The config repo or the registry did not answer ({problem}), and nothing is known from earlier; try again shortly.");
    }

    private Task<object?> ReadAsync<T>((string Question, long Generation) key, Func<Task<T>> read)
    {
        var asked = _clock.GetUtcNow();
        var reading = Task.Run(async () =>
        {
            var value = await read();
            // A read begun earlier that finishes later must not replace a newer answer.
            var answer = ((object?)value, _clock.GetUtcNow(), asked, key.Generation);
            _known.AddOrUpdate(key.Question, answer, (_, known) => known.Asked > asked ? known : answer);
            return (object?)value;
        });
        reading.ContinueWith(done => _underWay.TryRemove(new KeyValuePair<(string, long), Task<object?>>(key, done)), TaskScheduler.Default);
        return reading;
    }
}
