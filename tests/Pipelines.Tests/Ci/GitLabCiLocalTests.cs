namespace Pipelines.Tests.Ci;

/// <summary>
/// The V2 .gitlab-ci.yml run for real by gitlab-ci-local (shell executor; `.ci/run` installs it) in a
/// service repo against the sandbox: the job builds, pushes and updates the config repo, and the commit
/// names the GitLab job URL. gitlab-ci-local sets GITLAB_CI=false; the runner detects GitLab by its presence.
/// </summary>
public sealed class GitLabCiLocalTests(CiSandboxFixture sandbox) : IClassFixture<CiSandboxFixture>
{
    [Fact]
    public async Task Gitlab_ci_yml_v2_job_builds_pushes_and_releases_with_the_job_url_in_the_trailers()
    {
        var (repo, commit) = await sandbox.ServiceRepoAsync("gitlab-service", CiTemplates.PathOf("v2", ".gitlab-ci.yml"), ".gitlab-ci.yml");
        // gitlab-ci-local derives the project's URLs (CI_JOB_URL among them) from the origin remote.
        var remote = await Shell.RunAsync("git", ["remote", "add", "origin", "https://gitlab.example.com/shop/front-end.git"], repo);
        Assert.True(remote.ExitCode == 0, remote.Output);

        var (exitCode, output) = await Shell.RunAsync("gitlab-ci-local", [
            "release-staging",
            "--variable", $"PIPELINES_FEED={sandbox.Feed}",
            "--variable", $"REGISTRY={sandbox.State.Registry}",
            "--variable", $"PIPELINES_CONFIG_REPO={sandbox.State.ConfigRepo}",
            "--variable", $"KUBECONFIG={sandbox.Kubeconfig}",
            "--variable", $"DOCKER_HOST={sandbox.State.DockerHost}",
        ], repo);

        Assert.True(exitCode == 0, output);
        Assert.Contains("section_start:", output);   // each target a collapsible section, as on GitLab
        var message = await sandbox.ConfigHeadMessageAsync();
        Assert.Contains($"Release {sandbox.State.Registry}/shop/front-end:{commit} to ", message);   // the subject names the tag,
        Assert.Contains($" -> {sandbox.State.Registry}/shop/front-end:{commit}@sha256:", message);  // the trailer the bytes pushed
        Assert.Matches(@"Pipelines-Cause: .*https://gitlab\.example\.com/shop/front-end/-/jobs/\d+", message);
    }

    [Fact]
    public async Task Gitlab_ci_yml_v1_pipeline_builds_in_one_job_and_deploys_the_artifact_in_the_next()
    {
        var (repo, commit) = await sandbox.ServiceRepoAsync("gitlab-v1-service", CiTemplates.PathOf("v1", ".gitlab-ci.yml"), ".gitlab-ci.yml");
        var remote = await Shell.RunAsync("git", ["remote", "add", "origin", "https://gitlab.example.com/shop/front-end.git"], repo);
        Assert.True(remote.ExitCode == 0, remote.Output);

        // No job named: the whole pipeline, stage by stage; deploy-staging reads build's image.json artifact.
        var (exitCode, output) = await Shell.RunAsync("gitlab-ci-local", [
            "--variable", $"PIPELINES_FEED={sandbox.Feed}",
            "--variable", $"REGISTRY={sandbox.State.Registry}",
            "--variable", $"KUBECONFIG={sandbox.Kubeconfig}",
            "--variable", $"DOCKER_HOST={sandbox.State.DockerHost}",
        ], repo);

        Assert.True(exitCode == 0, output);
        Assert.Contains("deploy-staging", output);
        Assert.StartsWith($"{sandbox.State.Registry}/shop/front-end:{commit}@sha256:", await sandbox.LiveImageAsync("front-end", "front-end"));
    }
}
