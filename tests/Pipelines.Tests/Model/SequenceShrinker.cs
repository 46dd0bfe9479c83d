namespace Pipelines.Tests.Model;

/// <summary>
/// Finds a shorter sequence that still breaks a promise by removing chunks of operations, halves first, then smaller (delta
/// debugging), for as long as its time allows: each try starts a fresh world, so a short sequence is what a person can replay.
/// </summary>
internal sealed class SequenceShrinker(ModelRun run, TimeSpan budget)
{
    public async Task<IReadOnlyList<ModelOperation>> ShrinkAsync(IReadOnlyList<ModelOperation> failing)
    {
        var deadline = DateTime.UtcNow + budget;
        var current = failing.ToList();
        for (var chunk = Math.Max(1, current.Count / 2); chunk >= 1 && DateTime.UtcNow < deadline; chunk /= 2)
        {
            for (var start = 0; start < current.Count && DateTime.UtcNow < deadline;)
            {
                var candidate = current.Take(start).Concat(current.Skip(start + chunk)).ToList();
                if (candidate.Count > 0 && await run.FirstViolationAsync(candidate) is not null) current = candidate;
                else start += chunk;
            }
            if (chunk == 1) break;
        }
        return current;
    }
}
