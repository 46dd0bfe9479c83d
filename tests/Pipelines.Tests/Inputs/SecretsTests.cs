using System.Diagnostics;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Inputs;

/// <summary>
/// Each form a CI job gives a git credential in — <c>--git-password</c>, <c>GIT_TOKEN</c>, a password in the URL, a
/// password with a raw '@' in the URL, a token as the URL's user name — used by real jobs (separate processes, as on a CI
/// machine) that push, read history, fail on bad usage, fail on an unreachable server and generate CI files. Afterwards
/// the secret appears in no output stream, no file of the workspace or TMPDIR, no generated file and no object of the
/// config repo or of the jobs' caches.
/// </summary>
public sealed class SecretsTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly string _root = Directory.CreateTempSubdirectory("pipelines-secrets-").FullName;
    private readonly string _tmp = Directory.CreateTempSubdirectory("pipelines-secrets-tmp-").FullName;
    private readonly List<string> _output = [];

    public SecretsTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".nuke"));
        _server.CreateRepository("config", SampleConfigRepo.Files(2));
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_tmp, recursive: true);
        _server.Dispose();
    }

    public static TheoryData<string> Forms() => ["--git-password", "GIT_TOKEN", "password in the url", "raw @ in the url's password", "token as the url's user"];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_git_credential_never_appears_in_output_files_or_commits(string form)
    {
        var secret = form.Contains('@') ? "p@ss-w0rd@9f3e1" : $"s3cret-{Guid.NewGuid():N}"[..20];
        using var http = new GitHttpServer(_server.Root, form == "token as the url's user" || form == "GIT_TOKEN" ? "x-access-token" : "ci", secret);
        var closedPort = Pipelines.Sandbox.Git.GitDaemon.FreePort();
        var (args, environment) = Credential(form, http.Url("config"), secret);
        var (unreachableArgs, _) = Credential(form, $"http://127.0.0.1:{closedPort}/config.git", secret);
        var release = new[] { "--environment", "staging", "--service", "service-1", "--apply", "false", "--lock", "git" };

        Assert.Equal(0, await Job(["UpdateConfigRepo", .. args, .. release, "--image", "registry.example.com/service-1:2.0.0"], environment));
        Assert.Equal(0, await Job(["History", .. args], environment));
        Assert.Equal(2, await Job(["UpdateConfigRepo", .. args, "stray-word", .. release, "--image", "x:1"], environment));
        Assert.Equal(1, await Job(["UpdateConfigRepo", .. unreachableArgs, .. release, "--image", "registry.example.com/service-1:3.0.0"], environment));
        var inUrl = form.Contains("url", StringComparison.Ordinal);
        foreach (var system in new[] { "gitlab", "jenkins", "circleci" })
        {
            Assert.Equal(inUrl ? 2 : 0, await Job(["UpdateConfigRepo", "--generate-configuration", system, .. args, .. release, "--image", "x:1"], environment));
        }

        Assert.Contains("service-1:2.0.0", _server.Show("config", "environments/staging/service-1.yaml")); // the credential worked
        Assert.True(File.Exists(Path.Combine(_root, ".gitlab-ci.yml")) != inUrl, "a file is generated only without a credential in a URL");
        var forms = new[] { secret, Uri.EscapeDataString(secret) }.Distinct().ToList();
        foreach (var (where, text) in Everything())
        {
            foreach (var written in forms) Assert.False(text.Contains(written, StringComparison.Ordinal), $"the secret ({form}) is in {where}");
        }
    }

    private static (string[] Args, Dictionary<string, string?> Environment) Credential(string form, string url, string secret) => form switch
    {
        "--git-password" => (["--config-repo", url, "--git-username", "ci", "--git-password", secret], []),
        "GIT_TOKEN" => (["--config-repo", url], new() { ["GIT_TOKEN"] = secret }),
        "token as the url's user" => (["--config-repo", url.Replace("http://", $"http://{secret}@")], []),
        _ => (["--config-repo", url.Replace("http://", $"http://ci:{secret}@")], []),
    };

    private async Task<int> Job(string[] args, Dictionary<string, string?> environment)
    {
        environment["TMPDIR"] = _tmp;
        using var process = BuiltCli.Start(_root, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        _output.Add($"{string.Join(' ', args.Take(1))}\n{await stdout}\n{await stderr}");
        return process.ExitCode;
    }

    // Every stream, every file of the workspace and TMPDIR (git objects too: the caches' are read through git, inflated),
    // and every object of the config repo.
    private IEnumerable<(string Where, string Text)> Everything()
    {
        foreach (var output in _output) yield return ("the output of " + output.Split('\n')[0], output);
        foreach (var folder in new[] { _root, _tmp })
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                yield return (file, File.ReadAllText(file));
            }
            foreach (var repository in Directory.EnumerateDirectories(folder, "*.git", SearchOption.AllDirectories)) yield return (repository + " objects", AllObjects(repository));
        }
        yield return ("the config repo's objects", AllObjects(Path.Combine(_server.Root, "config.git")));
    }

    private static string AllObjects(string gitDirectory)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--git-dir", gitDirectory, "cat-file", "--batch-all-objects", "--batch" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}
