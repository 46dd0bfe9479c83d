using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Inputs;

/// <summary>Branch parameters are refused before anything runs when git would refuse them or when the lock would land on
/// the config branch (a lock commit's tree is empty: on <c>main</c> it would delete every environment).</summary>
public sealed class BranchParameterTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();

    public BranchParameterTests() => _server.CreateRepository("config", SampleConfigRepo.Files(2));

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }

    private async Task<string> Refused(params string[] args)
    {
        var before = _server.Log("config", "--all", "%H");
        var (exitCode, _, stderr) = await _targets.RunAsync(["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging",
            "--service", "service-1", "--image", Pipelines.Tests.ProductTargets.SampleConfigRepo.Pinned("registry.example.com/service-1:2.0.0"), "--apply", "false", "--lock", "git", .. args], new ConfigRepoTargets());
        Assert.True(exitCode == 2, $"exit {exitCode}: {stderr}");
        Assert.Equal(before, _server.Log("config", "--all", "%H")); // nothing pushed to any branch
        return stderr;
    }

    [Fact]
    public async Task A_lock_branch_equal_to_the_config_branch_is_refused_before_anything_runs()
    {
        var stderr = await Refused("--lock-branch", "main");
        Assert.Contains("--lock-branch main is the config branch (--config-branch main)", stderr);
        Assert.Contains("e.g. --lock-branch pipelines-lock", stderr);
        Assert.Contains("service-1:1.0.0", _server.Show("config", "environments/staging/service-1.yaml"));
    }

    [Fact]
    public async Task A_lock_branch_equal_to_the_push_branch_is_refused() =>
        Assert.Contains("--lock-branch review is also --push-branch", await Refused("--push-branch", "review", "--lock-branch", "review"));

    [Fact]
    public async Task A_lock_branch_git_would_refuse_says_which_rule_it_breaks() =>
        Assert.Contains("--lock-branch 'bad..name' is not a valid git branch name: it contains '..' (git check-ref-format --branch)", await Refused("--lock-branch", "bad..name"));

    [Theory]
    [InlineData("--config-branch", "bad..name", "it contains '..'")]
    [InlineData("--config-branch", "x.lock", "its part 'x.lock' ends with '.lock'")]
    [InlineData("--push-branch", "with space", "it contains ' '")]
    public async Task Config_and_push_branches_git_would_refuse_exit_2_naming_the_rule(string parameter, string value, string rule) =>
        Assert.Contains($"{parameter}: '{value}' is not a valid git branch name: {rule}", await Refused(parameter, value));
}
