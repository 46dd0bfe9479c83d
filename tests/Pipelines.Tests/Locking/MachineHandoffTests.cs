using Pipelines.Locking;

namespace Pipelines.Tests.Locking;

public sealed class MachineHandoffTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 1, 0, 0, TimeSpan.Zero);
    private const string Free = "0123456789abcdef0123456789abcdef01234567";
    private const string Main = "89abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_handoff_reads_back_what_was_written()
    {
        var handoff = new MachineHandoff(Now, Free, new Dictionary<string, string> { ["main"] = Main });

        var read = MachineHandoff.Parse(handoff.Format(), Now.AddSeconds(5));

        Assert.Equal(Free, read!.Commit);
        Assert.Equal(Main, read.BranchHeads["main"]);
    }

    [Fact]
    public void A_lock_held_for_the_next_job_reads_back_as_held()
    {
        var handoff = new MachineHandoff(Now, Free, new Dictionary<string, string> { ["main"] = Main }, HeldForQueue: true);

        var read = MachineHandoff.Parse(handoff.Format(), Now.AddSeconds(1));

        Assert.True(read!.HeldForQueue);
        Assert.False(MachineHandoff.Parse(new MachineHandoff(Now, Free, new Dictionary<string, string>()).Format(), Now)!.HeldForQueue);
    }

    [Fact]
    public void The_cache_the_commits_were_pushed_from_reads_back_spaces_and_all()
    {
        var handoff = new MachineHandoff(Now, Free, new Dictionary<string, string> { ["main"] = Main }, HeldForQueue: true, From: "/ci/work space/cache.git");

        Assert.Equal("/ci/work space/cache.git", MachineHandoff.Parse(handoff.Format(), Now)!.From);
    }

    [Fact]
    public void A_handoff_older_than_a_minute_is_not_tried()
    {
        var handoff = new MachineHandoff(Now, Free, new Dictionary<string, string>());

        Assert.Null(MachineHandoff.Parse(handoff.Format(), Now + MachineHandoff.Freshness + TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a time\nlock 0123456789abcdef0123456789abcdef01234567\n")]
    [InlineData("1796259600000\nlock short\n")]
    [InlineData("1796259600000\nbranch main 89abcdef0123456789abcdef0123456789abcdef\n")]
    [InlineData("1796259600000\nlock 0123456789abcdef0123456789abcdef01234567\nsomething else\n")]
    [InlineData("1796259600000\nlock 0123456789abcdef0123456789abcdef01234567\nheld 0123456789abcdef0123456789abcdef01234567\n")]
    public void Anything_else_in_the_queue_file_is_ignored(string text) => Assert.Null(MachineHandoff.Parse(text, Now));
}
