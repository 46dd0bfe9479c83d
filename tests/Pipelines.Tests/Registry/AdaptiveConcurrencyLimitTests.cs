using Pipelines.Registry;

namespace Pipelines.Tests.Registry;

public sealed class AdaptiveConcurrencyLimitTests
{
    [Fact]
    public async Task Callers_beyond_the_limit_wait_until_a_slot_is_given_back()
    {
        var limit = new AdaptiveConcurrencyLimit(2);
        var first = await limit.EnterAsync(CancellationToken.None);
        var second = await limit.EnterAsync(CancellationToken.None);

        var third = limit.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        first.Dispose();
        (await third).Dispose();
        second.Dispose();

        Assert.Equal(0, limit.InFlight);
    }

    [Fact]
    public void Throttling_halves_the_limit_down_to_one()
    {
        var limit = new AdaptiveConcurrencyLimit(8);

        limit.Throttled();
        var afterOne = limit.Limit;
        limit.Throttled();
        limit.Throttled();
        limit.Throttled();

        Assert.Equal(4, afterOne);
        Assert.Equal(1, limit.Limit);
    }

    [Fact]
    public void Successes_raise_the_limit_by_one_per_run_as_long_as_the_limit_up_to_the_maximum()
    {
        var limit = new AdaptiveConcurrencyLimit(4);
        limit.Throttled();
        limit.Throttled();

        limit.Succeeded();
        var afterOne = limit.Limit;
        for (var i = 0; i < 100; i++)
            limit.Succeeded();

        Assert.Equal(2, afterOne);
        Assert.Equal(4, limit.Limit);
    }

    [Fact]
    public async Task A_waiting_caller_can_be_cancelled_without_losing_a_slot()
    {
        var limit = new AdaptiveConcurrencyLimit(1);
        var held = await limit.EnterAsync(CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = limit.EnterAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        using var next = await limit.EnterAsync(CancellationToken.None);
        Assert.Equal(1, limit.InFlight);
    }
}
