using System.Text.Json.Nodes;
using k8s;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Sandbox.Kube.Tools;
using Pipelines.Tests.Kubernetes;

namespace Pipelines.Tests.Deploy;

/// <summary>deploy/: the manifests that run Watch in a cluster pass the real kubectl's server-side dry run against the API emulator.</summary>
public sealed class DeployManifestsTests : IAsyncLifetime
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("pipelines-deploy-").FullName;
    private readonly string _deploy = Path.Combine(ClusterHarness.RepositoryRoot(), "deploy");
    private KubeApiEmulator _emulator = null!;
    private Kubectl _kubectl = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        var kubeconfig = _emulator.WriteKubeconfig(Path.Combine(_scratch, "kubeconfig"));
        _kubectl = new Kubectl(kubeconfig, Path.Combine(_scratch, "kubectl-cache"));
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    [Fact]
    public async Task Every_manifest_passes_a_server_side_dry_run_and_nothing_but_the_namespace_is_persisted()
    {
        // As on a real API server, objects cannot be created (even in a dry run) in a namespace that does not exist yet.
        var (nsExit, nsOutput) = await _kubectl.Run("apply", "--server-side", "-f", Path.Combine(_deploy, "namespace.yaml"));
        Assert.True(nsExit == 0, nsOutput);

        var (exitCode, output) = await _kubectl.Run("apply", "--server-side", "--dry-run=server", "-f", _deploy);

        Assert.True(exitCode == 0, output);
        foreach (var applied in new[]
                 {
                     "deployment.apps/pipelines-watch", "serviceaccount/pipelines-watch", "secret/pipelines-watch", "service/pipelines-watch",
                     "role.rbac.authorization.k8s.io/pipelines-watch-leader-election", "rolebinding.rbac.authorization.k8s.io/pipelines-watch-leader-election",
                     "clusterrole.rbac.authorization.k8s.io/pipelines-watch", "clusterrolebinding.rbac.authorization.k8s.io/pipelines-watch",
                 })
        {
            Assert.Contains($"{applied} serverside-applied (server dry run)", output);
        }
        Assert.Empty((await _client.AppsV1.ListNamespacedDeploymentAsync("pipelines")).Items);
        Assert.Empty((await _client.CoreV1.ListNamespacedSecretAsync("pipelines")).Items);
        Assert.Empty((await _client.CoreV1.ListNamespacedServiceAsync("pipelines")).Items);
        Assert.Equal(["default"], (await _client.CoreV1.ListNamespacedServiceAccountAsync("pipelines")).Items.Select(a => a.Metadata.Name)); // the namespace's own
        Assert.Empty((await _client.RbacAuthorizationV1.ListNamespacedRoleAsync("pipelines")).Items);
        Assert.Empty((await _client.RbacAuthorizationV1.ListNamespacedRoleBindingAsync("pipelines")).Items);
        Assert.Empty((await _client.RbacAuthorizationV1.ListClusterRoleAsync()).Items);
        Assert.Empty((await _client.RbacAuthorizationV1.ListClusterRoleBindingAsync()).Items);
        Assert.Empty((await _client.AppsV1.ListNamespacedReplicaSetAsync("pipelines")).Items); // no controller saw a deployment
    }

    [Fact]
    public async Task The_dry_run_answers_the_deployment_as_validated_and_defaulted_with_two_replicas_probes_and_a_non_root_user()
    {
        await _kubectl.Run("apply", "--server-side", "-f", Path.Combine(_deploy, "namespace.yaml"));

        var (exitCode, output) = await _kubectl.Run("apply", "--server-side", "--dry-run=server", "-o", "json", "-f", Path.Combine(_deploy, "deployment.yaml"));

        Assert.True(exitCode == 0, output);
        var deployment = JsonNode.Parse(output)!;
        Assert.Equal("RollingUpdate", (string?)deployment["spec"]!["strategy"]!["type"]); // defaulted by the server
        Assert.Equal(2, (int)deployment["spec"]!["replicas"]!);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("/healthz", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("/readyz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.True((bool)deployment["spec"]!["template"]!["spec"]!["securityContext"]!["runAsNonRoot"]!);
        Assert.Contains("--leader-election", container["args"]!.AsArray().Select(a => (string?)a));
    }

    [Fact]
    public async Task A_cluster_role_binding_to_a_role_is_refused_by_the_dry_run_naming_the_field()
    {
        var bad = Path.Combine(_scratch, "bad-binding.yaml");
        await File.WriteAllTextAsync(bad, File.ReadAllText(Path.Combine(_deploy, "rbac.yaml")).Split("---").Last().Replace("kind: ClusterRole\n", "kind: Role\n"));

        var (exitCode, output) = await _kubectl.Run("apply", "--server-side", "--dry-run=server", "-f", bad);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"", output);
    }
}
