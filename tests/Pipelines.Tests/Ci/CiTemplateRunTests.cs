namespace Pipelines.Tests.Ci;

/// <summary>
/// Jenkins and CircleCI cannot run here, so their V2 templates run the next best way: the shell steps,
/// extracted in order, run in a service repo with that host's variables and the sandbox's registry,
/// config repo and cluster. The image is built, pushed and released, and the config repo's commit names
/// the host's build URL as its cause.
/// </summary>
public sealed class CiTemplateRunTests(CiSandboxFixture sandbox) : IClassFixture<CiSandboxFixture>
{
    [Fact]
    public async Task Jenkinsfile_v2_steps_build_push_and_release_with_the_jenkins_build_url_in_the_trailers()
    {
        var (repo, commit) = await sandbox.ServiceRepoAsync("jenkins-service", CiTemplates.PathOf("v2", "Jenkinsfile"), "Jenkinsfile");
        const string buildUrl = "https://jenkins.example.com/job/front-end/job/main/41/";
        var environment = Environment(new()
        {
            ["JENKINS_HOME"] = "/var/lib/jenkins", ["JENKINS_URL"] = "https://jenkins.example.com/", ["GIT_COMMIT"] = commit,
            ["GIT_BRANCH"] = "origin/main", ["BRANCH_NAME"] = "main", ["BUILD_NUMBER"] = "41", ["BUILD_URL"] = buildUrl,
        });

        foreach (var step in CiTemplates.JenkinsShellSteps("v2"))
        {
            var (exitCode, output) = await Shell.RunAsync("sh", ["-e", "-c", step], repo, environment);   // as Jenkins' sh step runs it
            Assert.True(exitCode == 0, $"step failed:\n{step}\n{output}");
        }

        await AssertReleased(commit, buildUrl);
    }

    [Fact]
    public async Task Jenkinsfile_v1_steps_build_push_and_set_the_image_on_the_live_workload()
    {
        var (repo, commit) = await sandbox.ServiceRepoAsync("jenkins-v1-service", CiTemplates.PathOf("v1", "Jenkinsfile"), "Jenkinsfile");
        var environment = Environment(new()
        {
            ["JENKINS_HOME"] = "/var/lib/jenkins", ["GIT_COMMIT"] = commit, ["BRANCH_NAME"] = "main", ["BUILD_NUMBER"] = "5",
            ["BUILD_URL"] = "https://jenkins.example.com/job/front-end/job/main/5/",
        });

        var steps = CiTemplates.JenkinsShellSteps("v1");
        Assert.Equal(3, steps.Count);   // install, build and push, deploy (the `when { branch 'main' }` stage runs: this is main)
        foreach (var step in steps)
        {
            var (exitCode, output) = await Shell.RunAsync("sh", ["-e", "-c", step], repo, environment);
            Assert.True(exitCode == 0, $"step failed:\n{step}\n{output}");
        }

        // V1 changes the cluster directly: the live workload runs exactly what was pushed.
        Assert.StartsWith($"{sandbox.State.Registry}/shop/front-end:{commit}@sha256:", await sandbox.LiveImageAsync("front-end", "front-end"));
    }

    [Fact]
    public async Task CircleCi_v2_steps_build_push_and_release_with_the_circleci_build_url_in_the_trailers()
    {
        var (repo, commit) = await sandbox.ServiceRepoAsync("circleci-service", CiTemplates.PathOf("v2", Path.Combine(".circleci", "config.yml")), Path.Combine(".circleci", "config.yml"));
        const string buildUrl = "https://app.circleci.com/pipelines/gh/shop/front-end/57/workflows/w1/jobs/88";
        var bashEnv = Path.Combine(repo, "..", "circleci-bash-env");
        File.WriteAllText(bashEnv, "");
        var environment = Environment(new()
        {
            ["CIRCLECI"] = "true", ["CI"] = "true", ["CIRCLE_SHA1"] = commit, ["CIRCLE_BRANCH"] = "main", ["CIRCLE_BUILD_NUM"] = "88",
            ["CIRCLE_BUILD_URL"] = buildUrl, ["BASH_ENV"] = bashEnv,
        });

        foreach (var step in CiTemplates.CircleCiShellSteps("v2", "build-and-release"))
        {
            // CircleCI's default shell; bash sources $BASH_ENV first, so exports of earlier steps carry over.
            var (exitCode, output) = await Shell.RunAsync("bash", ["-eo", "pipefail", "-c", step], repo, environment);
            Assert.True(exitCode == 0, $"step failed:\n{step}\n{output}");
        }

        await AssertReleased(commit, buildUrl);
    }

    [Fact]
    public async Task CircleCi_v3_build_job_pushes_and_the_scheduled_release_job_releases_the_new_tag()
    {
        var (repo, commit) = await sandbox.ServiceRepoAsync("circleci-v3-service", CiTemplates.PathOf("v3", Path.Combine(".circleci", "config.yml")), Path.Combine(".circleci", "config.yml"));
        var bashEnv = Path.Combine(repo, "..", "circleci-v3-bash-env");
        File.WriteAllText(bashEnv, "");
        var environment = Environment(new()
        {
            ["CIRCLECI"] = "true", ["CI"] = "true", ["CIRCLE_SHA1"] = commit, ["CIRCLE_BRANCH"] = "main", ["CIRCLE_BUILD_NUM"] = "31",
            ["CIRCLE_BUILD_URL"] = "https://app.circleci.com/pipelines/gh/shop/front-end/31/workflows/w3/jobs/31", ["BASH_ENV"] = bashEnv,
        });
        // Given an automated staging workload whose tag filter takes any tag (carts: staging's glob:*; front-end only
        // takes semver ~0.3) already runs an image of the repository the build pushes to, as after a V2 release.
        var tool = await sandbox.InstalledToolAsync();
        var seed = await Shell.RunAsync(tool, ["BuildImage", "PushImage", "UpdateConfigRepo", "--repository", $"{sandbox.State.Registry}/shop/front-end", "--tag", "v3-seed",
            "--environment", "staging", "--service", "carts", "--container", "carts"], repo, environment);
        Assert.True(seed.ExitCode == 0, seed.Output);

        foreach (var step in CiTemplates.CircleCiShellSteps("v3", "build-and-push")) await RunCircleCiStep(step, repo, environment);
        // The scheduled pipeline's job: the kubeconfig comes base64-encoded from the context, written under $HOME.
        var release = new Dictionary<string, string>(environment)
        {
            ["KUBECONFIG_BASE64"] = Convert.ToBase64String(File.ReadAllBytes(sandbox.Kubeconfig)),
            ["HOME"] = Directory.CreateDirectory(Path.Combine(repo, "..", "circleci-v3-home")).FullName,
            ["CIRCLE_BUILD_URL"] = "https://app.circleci.com/pipelines/gh/shop/front-end/32/workflows/w4/jobs/32",
        };
        release.Remove("KUBECONFIG");
        foreach (var step in CiTemplates.CircleCiShellSteps("v3", "release-staging")) await RunCircleCiStep(step, repo, release);

        var message = await sandbox.ConfigHeadMessageAsync();
        Assert.Contains($"-> {sandbox.State.Registry}/shop/front-end:{commit}", message);   // the release manager picked the new tag
        Assert.Contains("Pipelines-Environment: staging", message);
        Assert.StartsWith($"{sandbox.State.Registry}/shop/front-end:{commit}", await sandbox.LiveImageAsync("carts", "carts"));
    }

    private static async Task RunCircleCiStep(string step, string repo, IReadOnlyDictionary<string, string> environment)
    {
        var (exitCode, output) = await Shell.RunAsync("bash", ["-eo", "pipefail", "-c", step], repo, environment);
        Assert.True(exitCode == 0, $"step failed:\n{step}\n{output}");
    }

    // The sandbox in place of the CI system's secret store and the template's example URLs.
    private Dictionary<string, string> Environment(Dictionary<string, string> host)
    {
        host["PIPELINES_FEED"] = sandbox.Feed;
        host["REGISTRY"] = sandbox.State.Registry!;
        host["PIPELINES_CONFIG_REPO"] = sandbox.State.ConfigRepo!;
        host["KUBECONFIG"] = sandbox.Kubeconfig;
        host["DOCKER_HOST"] = sandbox.State.DockerHost!;
        return host;
    }

    private async Task AssertReleased(string commit, string buildUrl)
    {
        var message = await sandbox.ConfigHeadMessageAsync();
        Assert.Contains($"Release {sandbox.State.Registry}/shop/front-end:{commit} to ", message);   // the subject names the tag,
        Assert.Contains($" -> {sandbox.State.Registry}/shop/front-end:{commit}@sha256:", message);  // the trailer the bytes pushed
        Assert.Contains("Pipelines-Environment: staging", message);
        Assert.Matches($"Pipelines-Cause: .*{System.Text.RegularExpressions.Regex.Escape(buildUrl)}", message);
    }
}
