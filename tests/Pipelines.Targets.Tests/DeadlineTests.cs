using Pipelines.Targets.Tests.Support;

namespace Pipelines.Targets.Tests;

/// <summary>A target set may give its targets a deadline: past it the target is told to stop (and gives up what it holds),
/// and one that still does not finish is abandoned, failing with what it had done, so that no job hangs.</summary>
public class DeadlineTests : IDisposable
{
    private readonly TestRun _run = new() { DeadlineGrace = TimeSpan.FromSeconds(1) };

    public void Dispose() => _run.Dispose();

    private sealed class HangingBuild : TargetSet
    {
        protected internal override TimeSpan? TargetDeadline => TimeSpan.FromSeconds(1);

        public bool Released { get; private set; }

        public Target Hang => _ => _.Executes(async () =>
        {
            Log.Done("Pushed 1a2b3c4 to main of git://example/config.");
            using var _ = Context.Stopping.Register(() =>
            {
                Released = true;
                Log.Warn("Past the deadline: gave the lock up.");
            });
            await Task.Delay(Timeout.Infinite, CancellationToken.None); // a call without a deadline of its own
        });

        public Target Quick => _ => _.Executes(() => Log.Done("Pushed 5d6e7f8 to main."));

        public Target Stops => _ => _.Executes(async () => await Task.Delay(Timeout.Infinite, Context.Stopping));

        public Target FailsWhenStopped => _ => _.Executes(async () =>
        {
            await Task.Delay(Timeout.Infinite, Context.Stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            throw new BuildFailure("the lock was given up, so nothing was pushed");
        });
    }

    [Fact]
    public async Task A_target_past_its_deadline_is_told_to_stop_then_abandoned_saying_what_it_had_done()
    {
        var build = new HangingBuild();
        var result = await _run.RunAsync("Hang --no-logo", build).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.ExitCode);
        Assert.True(build.Released);
        Assert.Contains("warning: Past the deadline: gave the lock up.", result.Stderr);
        Assert.Contains("Hang did not finish within its deadline of 1s and was stopped. Done before that: Pushed 1a2b3c4 to main of git://example/config.", result.Stderr);
        Assert.Contains("Failed", result.Stderr);
    }

    [Fact]
    public async Task A_target_that_stops_when_told_fails_naming_the_deadline()
    {
        var result = await _run.RunAsync("Stops --no-logo", new HangingBuild()).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Stops did not finish within its deadline of 1s and was stopped. Nothing it reports as done (a push, an apply) had happened.", result.Stderr);
        Assert.DoesNotContain("TaskCanceledException", result.Stderr);
    }

    [Fact]
    public async Task A_failure_that_stopping_caused_is_reported_as_the_deadline_with_what_it_led_to()
    {
        var result = await _run.RunAsync("FailsWhenStopped --no-logo", new HangingBuild()).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FailsWhenStopped did not finish within its deadline of 1s and was stopped (the lock was given up, so nothing was pushed). " +
            "Nothing it reports as done (a push, an apply) had happened.", result.Stderr);
    }

    [Fact]
    public async Task A_target_within_its_deadline_is_not_disturbed()
    {
        var result = await _run.RunAsync("Quick --no-logo", new HangingBuild());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Pushed 5d6e7f8 to main.", result.Stderr);
        Assert.DoesNotContain("deadline", result.Stderr);
    }
}
