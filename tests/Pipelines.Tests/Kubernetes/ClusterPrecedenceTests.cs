using k8s;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// The wrong-cluster risk, end to end: CI machines set KUBECONFIG (often to several files) and pass contexts; the
/// environment's cluster: in pipelines.yaml must still decide, every run must say which cluster it touches, and a
/// kubeconfig's proxy-url and exec credential plugin must work as kubectl's do.
/// </summary>
public sealed class ClusterPrecedenceTests : IAsyncLifetime
{
    private ClusterHarness _cluster = null!;
    private KubeApiEmulator _production = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterHarness.StartAsync();
        _production = await KubeApiEmulator.StartAsync(new EmulatorOptions { ClusterName = "production", PodReadyDelay = TimeSpan.FromMilliseconds(100) });
        _folder = Directory.CreateTempSubdirectory("pipelines-clusters-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _production.DisposeAsync();
        await _cluster.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>KUBECONFIG as a CI machine has it: production's file first (so its current context is production), then staging's.</summary>
    private string CiKubeconfigVariable() =>
        _production.WriteKubeconfig(Path.Combine(_folder, "production")) + Path.PathSeparator + _cluster.Kubeconfig;

    private async Task<int> DeploymentsIn(KubeApiEmulator emulator)
    {
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = emulator.BaseAddress.ToString() });
        return (await client.AppsV1.ListDeploymentForAllNamespacesAsync()).Items.Count;
    }

    [Fact]
    public async Task Sync_with_KUBECONFIG_of_two_files_applies_to_the_environments_cluster_not_the_current_context()
    {
        var (exitCode, stdout, stderr) = await _cluster.RunWithEnvironment(new Dictionary<string, string> { ["KUBECONFIG"] = CiKubeconfigVariable() },
            "Sync", "--environment", "staging");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("created", stdout);
        Assert.Contains($"Cluster: context staging, server {_cluster.Emulator.BaseAddress.ToString().TrimEnd('/')}, namespace sock-shop (the cluster: of environment staging in pipelines.yaml).", stderr);
        Assert.True(await DeploymentsIn(_cluster.Emulator) > 0);
        Assert.Equal(0, await DeploymentsIn(_production));
    }

    [Theory]
    [InlineData("Diff")]
    [InlineData("ListServices")]
    [InlineData("UpdateConfigRepo", "--service", "front-end", "--image", "weaveworksdemos/front-end:0.3.13@sha256:0000000000000000000000000000000000000000000000000000000000000013")]
    public async Task Every_target_that_talks_to_the_cluster_names_the_one_it_touches_and_leaves_the_current_context_alone(string target, params string[] arguments)
    {
        var (_, _, stderr) = await _cluster.RunWithEnvironment(new Dictionary<string, string> { ["KUBECONFIG"] = CiKubeconfigVariable() },
            [target, "--environment", "staging", .. arguments]);

        Assert.Contains($"Cluster: context staging, server {_cluster.Emulator.BaseAddress.ToString().TrimEnd('/')}, namespace sock-shop (the cluster: of environment staging in pipelines.yaml).", stderr);
        Assert.DoesNotContain(_production.Requests, r => r.Path.StartsWith("/apis/apps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_refuses_a_kube_context_of_another_cluster_before_changing_anything()
    {
        var (exitCode, _, stderr) = await _cluster.RunWithEnvironment(new Dictionary<string, string> { ["KUBECONFIG"] = CiKubeconfigVariable() },
            "Sync", "--environment", "staging", "--kube-context", "production");

        Assert.Equal(2, exitCode);
        Assert.Contains("--kube-context production names the cluster production", stderr);
        Assert.Contains("pass --cluster-override to deploy staging to production on purpose", stderr);
        Assert.Equal(0, await DeploymentsIn(_cluster.Emulator));
        Assert.Equal(0, await DeploymentsIn(_production));
    }

    [Fact]
    public async Task Sync_with_cluster_override_applies_to_the_named_cluster_and_says_so()
    {
        var (exitCode, _, stderr) = await _cluster.RunWithEnvironment(new Dictionary<string, string> { ["KUBECONFIG"] = CiKubeconfigVariable() },
            "Sync", "--environment", "staging", "--kube-context", "production", "--cluster-override");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("(--cluster-override: --kube-context production instead of context staging, the cluster: of environment staging in pipelines.yaml)", stderr);
        Assert.True(await DeploymentsIn(_production) > 0);
        Assert.Equal(0, await DeploymentsIn(_cluster.Emulator));
    }

    [Fact]
    public async Task Requests_go_through_the_proxy_url_of_the_kubeconfig()
    {
        await using var proxy = await RecordingProxy.StartAsync();
        var kubeconfig = Path.Combine(_folder, "proxied");
        await File.WriteAllTextAsync(kubeconfig, _cluster.Emulator.Kubeconfig().Replace("    server: ", $"    proxy-url: {proxy.Address}\n    server: ", StringComparison.Ordinal));

        var (exitCode, _, stderr) = await _cluster.RunWithEnvironment(new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, "Sync", "--environment", "staging");

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("/apis/apps/v1/namespaces/sock-shop/deployments/front-end", proxy.Paths);
    }

    [Fact]
    public async Task An_exec_credential_plugin_gets_exactly_the_input_client_go_gives_it()
    {
        var input = Path.Combine(_folder, "exec-input.json");
        var plugin = Path.Combine(_folder, "token-plugin");
        await File.WriteAllTextAsync(plugin, $$$"""
            #!/bin/sh
            printf '%s' "$KUBERNETES_EXEC_INFO" > '{{{input}}}'
            echo "$1 $PLUGIN_ENV" > '{{{input}}}.args'
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"from-plugin"}}'
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var kubeconfig = Path.Combine(_folder, "exec");
        await File.WriteAllTextAsync(kubeconfig, _cluster.Emulator.Kubeconfig().Replace("    token: staging", $$"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: {{plugin}}
                  args: ["get token"]
                  env: [{name: PLUGIN_ENV, value: from-kubeconfig}]
                  interactiveMode: Never
                  provideClusterInfo: true
            """, StringComparison.Ordinal));

        var (exitCode, _, stderr) = await _cluster.RunWithEnvironment(new Dictionary<string, string> { ["KUBECONFIG"] = kubeconfig }, "Sync", "--environment", "staging");

        Assert.True(exitCode == 0, stderr);
        var server = _cluster.Emulator.BaseAddress.ToString().TrimEnd('/');
        Assert.Equal($$$"""{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"cluster":{"server":"{{{server}}}"},"interactive":false}}""",
            await File.ReadAllTextAsync(input));
        Assert.Equal("get token from-kubeconfig", (await File.ReadAllTextAsync(input + ".args")).Trim());
    }
}
