using Pipelines.Config;
using Pipelines.Faults;
using Pipelines.Releases;

namespace Pipelines.ReleaseManager;

/// <summary>
/// What an environment's release windows allow now (pipelines.yaml <c>windows:</c>): automation holds its changes back while
/// they are closed, and a promotion is refused unless a person forces it with a message. A person's own Release, Rollback or
/// policy change is not held: windows keep machines from acting at the wrong time, not people from repairing. Pure.
/// </summary>
internal static class WindowGate
{
    /// <summary>Automation's plan while the windows are closed: every change skipped, saying until when.</summary>
    public static IReadOnlyList<PlannedWorkload> HoldBack(EnvironmentConfig environment, IReadOnlyList<PlannedWorkload> plan, DateTimeOffset now) =>
        environment.Windows.IsOpen(now)
            ? plan
            : plan.Select(p => p.Changes ? PlannedWorkload.Skip(p.Workload, SkipReason.OutsideWindow(environment.Windows.ClosedText(now))) : p).ToList();

    /// <summary>A promotion into closed windows: refused without <paramref name="force"/> and a message; with them, the note
    /// the report carries. Null while the windows are open.</summary>
    public static NoteStep? Promotion(EnvironmentConfig target, DateTimeOffset now, bool force, string? message)
    {
        if (target.Windows.IsOpen(now)) return null;
        var closed = target.Windows.ClosedText(now);
        if (!force || string.IsNullOrWhiteSpace(message))
        {
            throw new PipelinesException(FaultKind.Conflict,
                $"Promote to {target.Name}: {closed}. Promote while it is open, or pass --force with --message saying why it cannot wait.");
        }
        return new NoteStep("release-window", $"{closed}; promoted anyway (--force): {message}");
    }
}
