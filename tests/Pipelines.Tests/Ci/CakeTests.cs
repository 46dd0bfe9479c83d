using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Ci;

/// <summary>
/// examples/cake/build.cake run by Cake (cake.tool 7.0.0) in a service repo against the sandbox: its tasks call the
/// library the installed tool carries, without Pipelines' runner, and Cake chains them — BuildImage, PushImage,
/// UpdateConfigRepo — so the image is built, pushed, and committed to the config repo.
/// </summary>
public sealed class CakeTests(CiSandboxFixture sandbox) : IClassFixture<CiSandboxFixture>
{
    [Fact]
    public async Task Cake_UpdateConfigRepo_task_chains_build_push_and_the_config_repo_commit()
    {
        var cake = await InstallCakeAsync();
        var (repo, commit) = await sandbox.ServiceRepoAsync("cake-service", async folder =>
        {
            await AddCakeScriptAsync(folder);
        });

        var (exitCode, output) = await Shell.RunAsync(cake, ["build.cake", "--target", "UpdateConfigRepo"], repo, new Dictionary<string, string>
        {
            ["PIPELINES_REPOSITORY"] = $"{sandbox.State.Registry}/shop/front-end",
            ["PIPELINES_CONFIG_REPO"] = sandbox.State.ConfigRepo!,
            ["PIPELINES_ENVIRONMENT"] = "staging",
            ["PIPELINES_SERVICE"] = "front-end",
            ["PIPELINES_CONTAINER"] = "front-end",
            ["KUBECONFIG"] = sandbox.Kubeconfig,
            ["DOCKER_HOST"] = sandbox.State.DockerHost!,
        });

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"BuildImage\s+[\d:.]+\s+Succeeded", output);        // Cake's own task summary
        Assert.Matches(@"PushImage\s+[\d:.]+\s+Succeeded", output);
        Assert.Matches(@"UpdateConfigRepo\s+[\d:.]+\s+Succeeded", output);
        Assert.Contains($"pushed {sandbox.State.Registry}/shop/front-end:{commit}@sha256:", output);
        var message = await sandbox.ConfigHeadMessageAsync();
        Assert.Contains($"Release {sandbox.State.Registry}/shop/front-end:{commit} to ", message);   // the subject names the tag,
        Assert.Contains($" -> {sandbox.State.Registry}/shop/front-end:{commit}@sha256:", message);  // the trailer the bytes pushed
        Assert.Contains("Pipelines-Environment: staging", message);
    }

    [Fact]
    public async Task A_fault_of_the_library_fails_the_cake_task_with_its_message()
    {
        var cake = await InstallCakeAsync();
        var (repo, _) = await sandbox.ServiceRepoAsync("cake-failing", AddCakeScriptAsync);

        var (exitCode, output) = await Shell.RunAsync(cake, ["build.cake", "--target", "Rollback"], repo, new Dictionary<string, string>
        {
            ["PIPELINES_CONFIG_REPO"] = sandbox.State.ConfigRepo!,
            ["PIPELINES_ENVIRONMENT"] = "staging",
            ["PIPELINES_SERVICE"] = "front-endd",
            ["KUBECONFIG"] = sandbox.Kubeconfig,
        });

        Assert.True(exitCode != 0, output);                                      // Cake ends a run whose task failed with 1
        Assert.Contains("--service front-endd: no such workload in staging", output);
        Assert.Contains("Did you mean front-end?", output);
        Assert.DoesNotContain("Pipelines.Targets", output);
    }

    // The script, and what the CI job installs before running Cake: the tool (and with it the library) into .tools.
    private async Task AddCakeScriptAsync(string folder)
    {
        File.Copy(Path.Combine(BuiltCli.RepositoryRoot, "examples", "cake", "build.cake"), Path.Combine(folder, "build.cake"));
        File.AppendAllText(Path.Combine(folder, ".gitignore"), ".tools/\n");
        var install = await Shell.RunAsync("dotnet", ["tool", "install", "Pipelines.Tool", "--tool-path", ".tools", "--add-source", sandbox.Feed], folder);
        Assert.True(install.ExitCode == 0, install.Output);
    }

    // cake.tool 7.0.0 from the machine's NuGet sources: installed from outside the fixture's folder, whose NuGet.Config clears them.
    private async Task<string> InstallCakeAsync()
    {
        var toolPath = Path.Combine(sandbox.Work, "cake");
        var cake = Path.Combine(toolPath, "dotnet-cake");
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(cake)) return cake;
            var install = await Shell.RunAsync("dotnet", ["tool", "install", "cake.tool", "--version", "7.0.0", "--tool-path", toolPath], BuiltCli.RepositoryRoot);
            Assert.True(install.ExitCode == 0, install.Output);
            return cake;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private readonly SemaphoreSlim InstallLock = new(1, 1);
}
