using Pipelines.Locking;

namespace Pipelines.Tests.Locking;

public class LockRulesTests
{
    private sealed class ManualClock : TimeProvider
    {
        public long Now;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Now;
    }

    private static readonly LockCommit HeldByBob = new(new LockOwner("bob@ci-2/42/abcd", "bob", "ci-2", null), TimeSpan.FromSeconds(60));

    [Fact]
    public void Free_or_missing_lock_is_taken_at_once()
    {
        var clock = new ManualClock();
        var decision = LockRules.Decide(LockCommit.Free, LockRules.Observe(null, null, clock.Now), clock.Now, clock);
        Assert.Equal(new LockDecision.Take(false), decision);
    }

    [Fact]
    public void Held_lock_is_waited_for_until_unchanged_for_a_whole_ttl_by_the_waiters_clock()
    {
        var clock = new ManualClock();
        var seen = LockRules.Observe(null, "c1", clock.Now);
        clock.Now += TimeSpan.FromSeconds(59).Ticks;
        var waiting = Assert.IsType<LockDecision.Wait>(LockRules.Decide(HeldByBob, LockRules.Observe(seen, "c1", clock.Now), clock.Now, clock));
        Assert.Equal("bob", waiting.Holder.User);
        Assert.Equal(TimeSpan.FromSeconds(59), waiting.UnchangedFor);

        clock.Now += TimeSpan.FromSeconds(1).Ticks;
        Assert.Equal(new LockDecision.Take(true), LockRules.Decide(HeldByBob, LockRules.Observe(seen, "c1", clock.Now), clock.Now, clock));
    }

    [Fact]
    public void A_renewal_restarts_the_waiters_count()
    {
        var clock = new ManualClock();
        var seen = LockRules.Observe(null, "c1", clock.Now);
        clock.Now += TimeSpan.FromSeconds(50).Ticks;
        seen = LockRules.Observe(seen, "c2", clock.Now); // the holder renewed
        clock.Now += TimeSpan.FromSeconds(50).Ticks;
        Assert.IsType<LockDecision.Wait>(LockRules.Decide(HeldByBob, seen, clock.Now, clock));
    }

    [Fact]
    public void Lock_commit_round_trips_and_a_message_without_owner_reads_as_free()
    {
        var text = HeldByBob.Format();
        Assert.Equal(HeldByBob, LockCommit.Parse(text));
        Assert.StartsWith("pipelines-lock: held by bob on ci-2", text);
        Assert.True(LockCommit.Parse("something a person wrote").IsFree);
        Assert.True(LockCommit.Parse(LockCommit.Free.Format()).IsFree);
    }
}
