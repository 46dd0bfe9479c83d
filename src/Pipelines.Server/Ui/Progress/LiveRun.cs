using Pipelines.Releases;

namespace Pipelines.Server.Ui.Progress;

/// <summary>One line of a run as it happens: a step (<c>plan</c>, <c>commit</c>, <c>apply</c>, <c>rollout</c>) or a look at a
/// rollout still going (<c>progress</c>). <see cref="Index"/> is its SSE event id, so a reconnecting browser misses none.</summary>
public sealed record RunEvent(int Index, string Kind, string Text);

/// <summary>
/// An operation started from the web UI, followed while it runs: the button's POST answers at once with a redirect to the
/// report page, which streams these events (Server-Sent Events) and shows the report when it ends. Thread-safe: the run
/// adds events from its own task, any number of pages read them.
/// </summary>
public sealed class LiveRun(string release, string environment)
{
    private readonly object _gate = new();
    private readonly List<RunEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Release { get; } = release;
    public string Environment { get; } = environment;
    /// <summary>Set when the operation is known (a service's operation is looked up by name after the run is named).</summary>
    public ReleaseAction Action { get; set; } = ReleaseAction.Release;

    /// <summary>The report once it ended; null while it runs or when it failed.</summary>
    public ReleaseReport? Report { get; private set; }

    /// <summary>Why it failed (with the status the API would answer), once it did.</summary>
    public (int Status, string Message)? Failure { get; private set; }

    public bool Finished { get; private set; }

    public void Add(string kind, string text)
    {
        lock (_gate)
        {
            if (Finished) return;
            _events.Add(new RunEvent(_events.Count, kind, text));
            Signal();
        }
    }

    public void Finish(ReleaseReport report)
    {
        lock (_gate)
        {
            Report = report;
            Finished = true;
            Signal();
        }
    }

    public void Fail(int status, string message)
    {
        lock (_gate)
        {
            Failure = (status, message);
            Finished = true;
            Signal();
        }
    }

    /// <summary>The events after <paramref name="after"/> (-1: all), whether the run has finished, and a task that completes at
    /// the next change; read under one lock, so nothing that happens between is missed.</summary>
    public (IReadOnlyList<RunEvent> Events, bool Finished, Task Changed) Since(int after)
    {
        lock (_gate) return (_events.Skip(after + 1).ToList(), Finished, _changed.Task);
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.SetResult();
    }
}
