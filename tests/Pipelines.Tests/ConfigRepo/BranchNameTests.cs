using Pipelines.ConfigRepo;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.ConfigRepo;

/// <summary>Branch names are checked by git's rules, and agree with the real <c>git check-ref-format --branch</c>.</summary>
public sealed class BranchNameTests
{
    public static TheoryData<string> Names() =>
    [
        "main", "pipelines-lock", "release/1.2", "feature/a.b", "x", "a_b", "ünïcode", "v1.0-rc",
        "bad..name", "-dash", "/lead", "trail/", "a//b", "end.", "a@{b", "sp ace", "til~de", "ca^ret", "co:lon",
        "que?ry", "st*ar", "br[acket", "back\\slash", ".hidden", "dir/.hidden", "x.lock", "dir/x.lock/y", "tab\tname", "a\u007fb", "",
    ];

    [Theory]
    [MemberData(nameof(Names))]
    public void Agrees_with_git_check_ref_format(string name)
    {
        var gitAccepts = GitAccepts(name);
        var problem = BranchName.Problem(name);
        Assert.True(gitAccepts == (problem is null), $"git {(gitAccepts ? "accepts" : "refuses")} '{name}', we say: {problem ?? "fine"}");
    }

    [Theory]
    [InlineData("bad..name", "it contains '..'")]
    [InlineData("x.lock", "its part 'x.lock' ends with '.lock'")]
    [InlineData("refs/heads/main", "it begins with 'refs/' (give the branch's short name: main, not refs/heads/main)")]
    [InlineData("@", "it is the single character '@'")] // git check-ref-format --branch reads '@' as "the current branch"; as a name git refuses it
    [InlineData("HEAD", "HEAD is git's name for the checked-out commit, not a branch")]
    public void Says_which_rule_a_name_breaks(string name, string problem) => Assert.Equal(problem, BranchName.Problem(name));

    private static bool GitAccepts(string name)
    {
        try
        {
            Git.Run(Path.GetTempPath(), "check-ref-format", "--branch", name);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
