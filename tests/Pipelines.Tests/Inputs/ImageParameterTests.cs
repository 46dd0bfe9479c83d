using Pipelines.Cli;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;

namespace Pipelines.Tests.Inputs;

/// <summary>Every target reads <c>--image</c> with the one image parser: a value the registry grammar refuses is a usage
/// error (exit 2) naming the value and the rule, before anything is committed, pushed or set on a cluster.</summary>
public sealed class ImageParameterTests : IDisposable
{
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();

    public ImageParameterTests() => _server.CreateRepository("config", SampleConfigRepo.Files(1));

    public void Dispose()
    {
        _targets.Dispose();
        _server.Dispose();
    }

    public static TheoryData<string> BadImages() =>
    [
        "UPPER:tag",
        "a b",
        "x@sha256:short",
        "",
        "registry.example.com/service-1:" + new string('t', 130),
    ];

    [Theory]
    [MemberData(nameof(BadImages))]
    public async Task UpdateConfigRepo_refuses_a_bad_image_with_exit_2_and_pushes_nothing(string image)
    {
        var head = _server.Log("config", format: "%H");

        var (exitCode, _, stderr) = await _targets.RunAsync(["UpdateConfigRepo", "--config-repo", _server.GitUrl("config"), "--environment", "staging",
            "--service", "service-1", "--image", image, "--apply", "false", "--lock", "none"], new ConfigRepoTargets());

        Assert.True(exitCode == 2, stderr);
        Assert.Contains("--image", stderr);
        Assert.Equal(head, _server.Log("config", format: "%H"));
    }

    [Theory]
    [InlineData("UPPER:tag", "repository names must be lowercase")]
    [InlineData("a b", "it contains whitespace")]
    [InlineData("x@sha256:short", "a digest is sha256: followed by 64 lowercase hex characters")]
    public async Task SetImage_refuses_a_bad_image_with_exit_2_before_reaching_a_cluster(string image, string rule)
    {
        // No cluster is configured: the image must be refused before the cluster is looked for.
        var (exitCode, _, stderr) = await _targets.RunAsync(["SetImage", "--service", "carts", "--image", image,
            "--kubeconfig", Path.Combine(_targets.Root, "no-kubeconfig")], new KubernetesTargets());

        Assert.True(exitCode == 2, stderr);
        Assert.Contains($"--image {image}: ", stderr);
        Assert.Contains(rule, stderr);
    }
}
