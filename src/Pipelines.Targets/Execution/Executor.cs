using System.Runtime.ExceptionServices;
using Pipelines.Targets.Output;
using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Execution;

/// <summary>Runs a plan in order: skips (<c>--skip</c>, <c>OnlyWhen</c>), stops after a failure unless the
/// failed target proceeds after failure, and never runs a target whose dependency did not succeed.</summary>
internal sealed class Executor(CiHost host, Log log, TimeProvider clock)
{
    /// <summary>Told of each target's deadline (<see cref="BuildContext.Stopping"/>); null in tests of the executor alone.</summary>
    public BuildContext? Context { get; init; }

    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<TargetOutcome>> RunAsync(IReadOnlyList<TargetNode> plan, IReadOnlySet<string> skipped)
    {
        var outcomes = new Dictionary<string, TargetOutcome>();
        string? stoppedBy = null;
        foreach (var target in plan)
        {
            outcomes[target.Name] = await RunOneAsync(target, skipped, outcomes, stoppedBy);
            if (outcomes[target.Name].Status == TargetStatus.Failed && target.Definition?.ProceedsAfterFailure != true) stoppedBy ??= target.Name;
        }
        return plan.Select(t => outcomes[t.Name]).ToList();
    }

    private async Task<TargetOutcome> RunOneAsync(TargetNode target, IReadOnlySet<string> skipped, Dictionary<string, TargetOutcome> done, string? stoppedBy)
    {
        if (stoppedBy is not null) return new TargetOutcome(target.Name, TargetStatus.NotRun, TimeSpan.Zero, $"{stoppedBy} failed");
        var blocked = target.DependsOn.FirstOrDefault(d => done.TryGetValue(d, out var o) && o.Status is TargetStatus.Failed or TargetStatus.NotRun);
        if (blocked is not null) return new TargetOutcome(target.Name, TargetStatus.NotRun, TimeSpan.Zero, $"{blocked} did not succeed");
        if (skipped.Contains(target.Name)) return new TargetOutcome(target.Name, TargetStatus.Skipped, TimeSpan.Zero, "--skip");

        var definition = target.Definition!;
        var falseCondition = definition.Conditions.FirstOrDefault(c => !c.Evaluate());
        if (falseCondition is not null)
        {
            log.Info(log.Palette.Dim($"Skipping {target.Name}: condition false: {falseCondition.Text}"));
            return new TargetOutcome(target.Name, TargetStatus.Skipped, TimeSpan.Zero, $"condition false: {falseCondition.Text}");
        }

        OpenSection(target.Name);
        var started = clock.GetTimestamp();
        log.TakeDone();
        try
        {
            if (definition.Owner.TargetDeadline is not { } deadline)
            {
                foreach (var action in definition.Actions) await action();
            }
            else if (await RunWithinAsync(definition, deadline) is { } stopped)
            {
                var before = log.TakeDone();
                log.Error($"{target.Name} did not finish within its deadline of {Parameters.ValueConverter.FormatDuration(deadline)} and was stopped" +
                    (stopped.Length > 0 ? $" ({stopped.TrimEnd('.')})" : "") + ". " +
                    (before.Count > 0 ? $"Done before that: {string.Join("; ", before.Select(d => d.TrimEnd('.')))}." : "Nothing it reports as done (a push, an apply) had happened."));
                return new TargetOutcome(target.Name, TargetStatus.Failed, clock.GetElapsedTime(started));
            }
            return new TargetOutcome(target.Name, TargetStatus.Succeeded, clock.GetElapsedTime(started));
        }
        catch (Exception exception)
        {
            var cause = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
            var exitCode = ExitCodeOf(cause, definition.Owner);
            ReportFailure(target.Name, cause, expected: exitCode is not null);
            return new TargetOutcome(target.Name, TargetStatus.Failed, clock.GetElapsedTime(started)) { WasUsageError = exitCode == 2 };
        }
        finally
        {
            CloseSection(target.Name);
        }
    }

    // Past the deadline the target is told to stop (Stopping), then given a grace to give up what it holds; one still
    // running after that is abandoned (its thread ends with the process). Null when it finished in time; otherwise how it
    // ended after the deadline: "" when abandoned or cancelled, else the message of the failure stopping caused.
    private async Task<string?> RunWithinAsync(Definitions.TargetDefinition definition, TimeSpan deadline)
    {
        using var stopping = new CancellationTokenSource(deadline, clock);
        if (Context is not null) Context.Stopping = stopping.Token;
        try
        {
            var run = Task.Run(async () =>
            {
                foreach (var action in definition.Actions) await action();
            });
            var late = Task.Delay(deadline + DeadlineGrace, clock);
            if (await Task.WhenAny(run, late) != run) return "";
            await run;
            return null;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return ""; // it stopped because it was told to: the deadline is the reason to report
        }
        catch (Exception e) when (stopping.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return e.Message; // a failure caused by stopping (a lock given up): the deadline first, then what it led to
        }
        finally
        {
            if (Context is not null) Context.Stopping = CancellationToken.None;
        }
    }

    // The runner's own failures, then what the target's set says of the others (a library's faults).
    private static int? ExitCodeOf(Exception cause, TargetSet owner) => cause switch
    {
        UsageException => 2,
        BuildFailure => 1,
        _ => owner.ExitCodeOf(cause),
    };

    private void ReportFailure(string target, Exception exception, bool expected)
    {
        // Expected failures, and our own exception types, carry messages written for users; a foreign one's type helps diagnose it.
        if (expected || exception.GetType().Namespace?.StartsWith("Pipelines", StringComparison.Ordinal) == true)
        {
            log.Error($"{target} failed: {exception.Message}");
            log.Debug(exception.ToString());
            return;
        }
        log.Error($"{target} failed: {exception.GetType().Name}: {exception.Message}");
        log.Debug(exception.ToString());
        if (exception is OutOfMemoryException or StackOverflowException) ExceptionDispatchInfo.Capture(exception).Throw();
    }

    private void OpenSection(string name)
    {
        var lines = host.HasSections ? host.OpenSection(name, clock.GetUtcNow()) : [Header(name)];
        if (!host.HasSections) log.At(Verbosity.Minimal, "");
        foreach (var line in lines) log.At(Verbosity.Minimal, line);
    }

    private void CloseSection(string name)
    {
        foreach (var line in host.CloseSection(name, clock.GetUtcNow())) log.At(Verbosity.Minimal, line);
    }

    private string Header(string name) => log.Palette.Bold($"━━━ {name} " + new string('━', Math.Max(3, 56 - name.Length)));
}
