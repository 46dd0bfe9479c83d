using Pipelines.Docker;
using Pipelines.Images;
using Pipelines.Cli;
using Pipelines.Registry;
using Pipelines.Tests.ProductTargets;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Docker;

/// <summary>BuildImage and PushImage through the real runner, against a real dockerd and a real registry.</summary>
[Collection(DockerCollection.Name)]
public sealed class DockerTargetTests(DockerFixture fixture) : IDisposable
{
    readonly TargetHarness _harness = new();

    string Context => Path.Combine(_harness.Root, "ctx");

    Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        _harness.RunAsync([.. args, "--docker-host", fixture.Engine.Host, "--no-logo"], new DockerTargets());

    void WriteContext(string dockerfile, params (string Path, string Text)[] files)
    {
        Directory.CreateDirectory(Context);
        DockerFixture.PlaceBusybox(Context);
        File.WriteAllText(Path.Combine(Context, "Dockerfile"), dockerfile);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(Context, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }

    [Fact]
    public async Task BuildImage_PushImage_pushes_the_example_app_and_records_the_digest_the_registry_serves()
    {
        DockerFixture.ExampleAppContext(Context);
        var repository = fixture.NewRepository();

        var (exitCode, stdout, stderr) = await RunAsync("BuildImage", "PushImage", "--repository", repository, "--docker-context", Context, "--tag", "1.0.0");

        Assert.True(exitCode == 0, stderr);
        var pushed = PushedImage.Read(Path.Combine(_harness.Root, ".nuke", "temp"));
        Assert.NotNull(pushed);
        Assert.Equal((repository, "1.0.0"), (pushed.Image, pushed.Tag));
        using var registry = new RegistryClient(TestOptions.For());
        var served = await registry.HeadManifestAsync(ImageReference.Parse(repository), "1.0.0");
        Assert.Equal(served?.ToString(), pushed.Digest);
        Assert.Equal($"{repository}:1.0.0@{pushed.Digest}", stdout.Trim());
        Assert.Contains("Step 1/", stderr);
        Assert.Contains("pushed", stderr);
    }

    [Fact]
    public async Task PushImage_with_image_pushes_that_image_and_skips_the_build()
    {
        DockerFixture.ExampleAppContext(Context);
        var repository = fixture.NewRepository();
        var built = await RunAsync("BuildImage", "--repository", repository, "--docker-context", Context, "--tag", "2.0.0");
        Assert.True(built.ExitCode == 0, built.Stderr);

        var (exitCode, stdout, stderr) = await RunAsync("PushImage", "--image", repository + ":2.0.0");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("Skipping BuildImage", stderr);
        Assert.StartsWith($"{repository}:2.0.0@sha256:", stdout.Trim());
    }

    [Fact]
    public async Task BuildImage_sends_what_dockerignore_keeps_including_exceptions()
    {
        WriteContext("""
            FROM scratch
            COPY busybox /bin/busybox
            COPY . /ctx/
            RUN ["/bin/busybox", "find", "/ctx"]
            """,
            (".dockerignore", "**/*.env\nlogs\n!logs/keep.log\n"),
            ("app.txt", "app"), ("secret.env", "TOKEN=x"), ("config/prod.env", "TOKEN=y"),
            ("logs/old.log", "old"), ("logs/keep.log", "keep"));

        var (exitCode, _, stderr) = await RunAsync("BuildImage", "--repository", fixture.NewRepository(), "--docker-context", Context, "--tag", "ignore");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("/ctx/app.txt", stderr);
        Assert.Contains("/ctx/logs/keep.log", stderr);
        Assert.DoesNotContain("/ctx/secret.env", stderr);
        Assert.DoesNotContain("/ctx/config/prod.env", stderr);
        Assert.DoesNotContain("/ctx/logs/old.log", stderr);
    }

    [Fact]
    public async Task BuildImage_passes_build_args()
    {
        WriteContext("""
            FROM scratch
            COPY busybox /bin/busybox
            ARG GREETING=unset
            RUN ["/bin/busybox", "sh", "-c", "echo greeting=$GREETING"]
            """);

        var (exitCode, _, stderr) = await RunAsync("BuildImage", "--repository", fixture.NewRepository(), "--docker-context", Context, "--tag", "args",
            "--build-arg", "GREETING=hello-from-args", "--no-cache");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("greeting=hello-from-args", stderr);
    }

    [Fact]
    public async Task A_failing_RUN_step_is_reported_with_its_number_instruction_and_error()
    {
        WriteContext("""
            FROM scratch
            COPY busybox /bin/busybox
            RUN ["/bin/busybox", "sh", "-c", "exit 3"]
            """);

        var (exitCode, _, stderr) = await RunAsync("BuildImage", "--repository", fixture.NewRepository(), "--docker-context", Context, "--tag", "fails");

        // Step 4 is the LABEL instruction the engine appends for the OCI labels.

        Assert.Equal(1, exitCode);
        Assert.True(stderr.Contains("BuildImage failed: step 3/4 (RUN [\"/bin/busybox\", \"sh\", \"-c\", \"exit 3\"]) failed:"), stderr);
        Assert.True(stderr.Contains("returned a non-zero code: 3"), stderr);
    }

    [Fact]
    public async Task PushImage_with_the_right_credentials_pushes_to_a_registry_that_needs_them()
    {
        DockerFixture.ExampleAppContext(Context);
        var repository = fixture.NewRepository(fixture.AuthRegistry);

        var (exitCode, _, stderr) = await RunAsync("BuildImage", "PushImage", "--repository", repository, "--docker-context", Context, "--tag", "1.0",
            "--registry-username", TestRegistries.Username, "--registry-password", TestRegistries.Password);

        Assert.True(exitCode == 0, stderr);
        Assert.DoesNotContain(TestRegistries.Password, stderr);
    }

    [Fact]
    public async Task PushImage_with_wrong_credentials_fails_clearly_without_printing_the_password()
    {
        DockerFixture.ExampleAppContext(Context);
        const string wrong = "wrong-Passw0rd-7f3k";

        var (exitCode, stdout, stderr) = await RunAsync("BuildImage", "PushImage", "--repository", fixture.NewRepository(fixture.AuthRegistry), "--docker-context", Context,
            "--tag", "1.0", "--registry-username", TestRegistries.Username, "--registry-password", wrong);

        Assert.Equal(1, exitCode);
        Assert.Contains("PushImage failed: pushing", stderr);
        Assert.Contains($"refused {TestRegistries.Username}", stderr);
        Assert.DoesNotContain(wrong, stderr + stdout);
        Assert.Null(PushedImage.Read(Path.Combine(_harness.Root, ".nuke", "temp")));
    }

    [Fact]
    public async Task The_tag_defaults_to_the_local_HEAD_with_dirty_when_tracked_files_changed()
    {
        WriteContext("FROM scratch\nCOPY busybox /bin/busybox\n", ("app.txt", "v1"));
        string commit;
        using (var repository = new LibGit2Sharp.Repository(LibGit2Sharp.Repository.Init(Context)))
        {
            LibGit2Sharp.Commands.Stage(repository, "*");
            var author = new LibGit2Sharp.Signature("tester", "tester@example.com", DateTimeOffset.UtcNow);
            commit = repository.Commit("app", author, author, new LibGit2Sharp.CommitOptions()).Sha;
        }
        var repositoryName = fixture.NewRepository();

        var clean = await RunAsync("BuildImage", "--repository", repositoryName, "--docker-context", Context);
        File.WriteAllText(Path.Combine(Context, "app.txt"), "v2");
        var dirty = await RunAsync("BuildImage", "--repository", repositoryName, "--docker-context", Context);

        Assert.True(clean.ExitCode == 0, clean.Stderr);
        Assert.Contains($"built {repositoryName}:{commit} ", clean.Stderr);
        Assert.True(dirty.ExitCode == 0, dirty.Stderr);
        Assert.Contains($"built {repositoryName}:{commit}-dirty ", dirty.Stderr);
    }

    [Fact]
    public async Task On_a_CI_host_the_tag_is_the_commit_the_host_names()
    {
        WriteContext("FROM scratch\nCOPY busybox /bin/busybox\n");
        var sha = "0123456789abcdef0123456789abcdef01234567";
        _harness.Environment["GITLAB_CI"] = "true";
        _harness.Environment["CI_COMMIT_SHA"] = sha;
        var repository = fixture.NewRepository();

        var (exitCode, _, stderr) = await RunAsync("BuildImage", "--repository", repository, "--docker-context", Context);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains($"built {repository}:{sha} ", stderr);
    }

    [Fact]
    public async Task An_unreachable_engine_is_named_in_the_error()
    {
        var socket = Path.Combine(_harness.Root, "no-engine.sock");

        var (exitCode, _, stderr) = await _harness.RunAsync(["BuildImage", "--repository", "127.0.0.1:5000/app", "--tag", "x", "--docker-host", "unix://" + socket, "--no-logo"],
            new DockerTargets());

        Assert.Equal(1, exitCode);
        Assert.Contains($"cannot reach the Docker engine at unix://{socket} (no such socket)", stderr);
    }

    public void Dispose() => _harness.Dispose();
}
