using System.Text.RegularExpressions;
using k8s;
using Pipelines.Images;
using Pipelines.Registry;
using Pipelines.Sandbox.Git;
using Pipelines.Sandbox.Local;

namespace Pipelines.Sandbox.Demo;

/// <summary>How the demo checks that each step did what it said: the live image in a cluster, the image in
/// the config repo, the commits there — read independently of the targets that made the change.</summary>
public sealed class DemoChecks(SandboxPaths paths, SandboxState state)
{
    public string Registry => state.Registry!;

    public string Image(string service, string tag) => $"{Registry}/weaveworksdemos/{service}:{tag}";

    public async Task<string> LiveImageAsync(string environment, string deployment, string? container = null)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(paths.Kubeconfig, currentContext: environment);
        using var client = new k8s.Kubernetes(config);
        var live = await client.AppsV1.ReadNamespacedDeploymentAsync(deployment, "sock-shop");
        return live.Spec.Template.Spec.Containers.First(c => c.Name == (container ?? deployment)).Image;
    }

    /// <summary>The text of a file on the config branch, read with the git command line.</summary>
    public string ConfigFile(string path) => GitCommand.Run(paths.Directory, "--git-dir", BareRepository, "show", $"main:{path}");

    /// <summary>The image the config repo gives a service's main container in an environment.</summary>
    public string ConfigImage(string environment, string service)
    {
        var match = Regex.Match(ConfigFile($"environments/{environment}/{service}.yaml"), $@"{Regex.Escape(Registry)}/weaveworksdemos/{Regex.Escape(service)}[:@][^\s'""]+");
        return match.Success ? match.Value : "(none)";
    }

    public int CommitCount() => int.Parse(GitCommand.Run(paths.Directory, "--git-dir", BareRepository, "rev-list", "--count", "main").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Stands in for a CI job that built and pushed a new version (a small image, built now).</summary>
    public async Task PushAsync(string service, string tag)
    {
        using var client = new RegistryClient(new RegistryOptions { InsecureRegistries = [Registry] });
        await SyntheticImage.PushAsync(client, ImageReference.Parse($"{Registry}/weaveworksdemos/{service}"), tag, DateTimeOffset.UtcNow);
    }

    private string BareRepository => Path.Combine(paths.Directory, "git", "config.git");
}
