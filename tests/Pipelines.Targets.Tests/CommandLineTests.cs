using Pipelines.Targets.Planning;

namespace Pipelines.Targets.Tests;

public class CommandLineTests
{
    [Fact]
    public void Leading_words_are_targets_and_options_take_the_words_after_them()
    {
        var invocation = CommandLine.Parse(["Compile", "test", "--services", "front-end", "carts", "--apply", "false", "--no-logo"]);
        Assert.Equal(["Compile", "test"], invocation.Targets);
        Assert.Equal(["front-end", "carts"], invocation.Parameters["services"].Words);
        Assert.Equal(["false"], invocation.Parameters["apply"].Words);
        Assert.True(invocation.NoLogo);
    }

    [Fact]
    public void Target_option_adds_targets()
    {
        var invocation = CommandLine.Parse(["--target", "Compile", "Test", "--verbosity", "quiet"]);
        Assert.Equal(["Compile", "Test"], invocation.Targets);
        Assert.Equal("quiet", invocation.Verbosity);
    }

    [Fact]
    public void Equals_form_and_any_casing_of_option_names()
    {
        var invocation = CommandLine.Parse(["--config-repo=git://host/repo", "--ROLLOUT_TIMEOUT", "5m"]);
        Assert.Equal(["git://host/repo"], invocation.Parameters["configrepo"].Words);
        Assert.Equal(["5m"], invocation.Parameters["rollouttimeout"].Words);
    }

    [Fact]
    public void Skip_without_names_is_distinct_from_no_skip()
    {
        Assert.Null(CommandLine.Parse(["Test"]).Skip);
        Assert.Empty(CommandLine.Parse(["Test", "--skip"]).Skip!);
        Assert.Equal(["Compile"], CommandLine.Parse(["Test", "--skip", "Compile"]).Skip!);
    }

    [Fact]
    public void A_flag_followed_by_a_word_explains_that_targets_come_first()
    {
        var error = Assert.Throws<UsageException>(() => CommandLine.Parse(["--plan", "Test"]));
        Assert.Contains("Targets come first", error.Message);
    }
}
