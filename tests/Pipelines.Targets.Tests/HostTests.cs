namespace Pipelines.Targets.Tests;

public class HostTests
{
    public static TheoryData<string, Dictionary<string, string>, string, string, string, string> Hosts => new()
    {
        {
            "Jenkins",
            new() { ["JENKINS_HOME"] = "/var/jenkins", ["GIT_COMMIT"] = "abc123", ["GIT_BRANCH"] = "origin/main", ["BUILD_NUMBER"] = "42", ["BUILD_URL"] = "https://ci/job/app/42/" },
            "abc123", "origin/main", "42", "https://ci/job/app/42/"
        },
        {
            "Jenkins",
            new() { ["JENKINS_HOME"] = "/var/jenkins", ["GIT_COMMIT"] = "abc123", ["BRANCH_NAME"] = "feature-x", ["BUILD_NUMBER"] = "7", ["BUILD_URL"] = "https://ci/job/app/7/" },
            "abc123", "feature-x", "7", "https://ci/job/app/7/"
        },
        {
            "GitLab",
            new() { ["GITLAB_CI"] = "true", ["CI_COMMIT_SHA"] = "def456", ["CI_COMMIT_REF_NAME"] = "main", ["CI_PIPELINE_ID"] = "900", ["CI_JOB_URL"] = "https://gitlab/app/-/jobs/1" },
            "def456", "main", "900", "https://gitlab/app/-/jobs/1"
        },
        {
            "CircleCI",
            new() { ["CIRCLECI"] = "true", ["CIRCLE_SHA1"] = "0a1b2c", ["CIRCLE_BRANCH"] = "main", ["CIRCLE_BUILD_NUM"] = "77", ["CIRCLE_BUILD_URL"] = "https://circleci.com/gh/o/app/77" },
            "0a1b2c", "main", "77", "https://circleci.com/gh/o/app/77"
        },
        {
            "GitHubActions",
            new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_SHA"] = "fff000", ["GITHUB_REF_NAME"] = "main", ["GITHUB_RUN_NUMBER"] = "12", ["GITHUB_SERVER_URL"] = "https://github.com", ["GITHUB_REPOSITORY"] = "o/app", ["GITHUB_RUN_ID"] = "555" },
            "fff000", "main", "12", "https://github.com/o/app/actions/runs/555"
        },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Each_host_is_detected_by_its_variable_and_exposes_commit_branch_build(
        string name, Dictionary<string, string> environment, string commit, string branch, string number, string url)
    {
        var host = CiHost.Detect(environment);
        Assert.Equal(name, host.Name);
        Assert.True(host.IsCi);
        Assert.Equal(commit, host.Commit);
        Assert.Equal(branch, host.Branch);
        Assert.Equal(number, host.BuildNumber);
        Assert.Equal(url, host.BuildUrl);
    }

    [Fact]
    public void GitLab_is_detected_by_presence_even_when_gitlab_ci_local_sets_it_false()
    {
        Assert.Equal("GitLab", CiHost.Detect(new Dictionary<string, string> { ["GITLAB_CI"] = "false" }).Name);
    }

    [Fact]
    public void Without_ci_variables_it_is_a_terminal_with_no_ci_facts()
    {
        var host = CiHost.Detect(new Dictionary<string, string> { ["HOME"] = "/root", ["USER"] = "root" });
        Assert.Equal("Terminal", host.Name);
        Assert.False(host.IsCi);
        Assert.Null(host.Commit);
        Assert.Null(host.BuildUrl);
    }
}
