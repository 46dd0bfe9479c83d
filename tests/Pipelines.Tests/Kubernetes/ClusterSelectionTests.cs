using Pipelines.Config;
using Pipelines.Kubernetes;
using Pipelines.Targets;

namespace Pipelines.Tests.Kubernetes;

/// <summary>
/// Which cluster an environment deploys to: its cluster: in pipelines.yaml wins; KUBECONFIG and --kubeconfig only say
/// where kubeconfig files are; a parameter naming another cluster is refused unless --cluster-override.
/// </summary>
public sealed class ClusterSelectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly EnvironmentConfig Staging = new("staging", "environments/staging", "sock-shop", Automation.Automatic, "glob:*", "staging", null, null, 3);

    /// <summary>A CI machine's kubeconfig: both clusters, the current context production.</summary>
    private string CiKubeconfig(string name = "ci-config", string current = "production") => Write(name, $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: staging
          cluster: {server: "http://127.0.0.1:6443"}
        - name: production
          cluster: {server: "http://127.0.0.1:7443"}
        users:
        - name: ci
          user: {token: abc}
        - name: ci-readonly
          user: {token: ro}
        contexts:
        - name: staging
          context: {cluster: staging, user: ci, namespace: sock-shop}
        - name: staging-readonly
          context: {cluster: staging, user: ci-readonly}
        - name: production
          context: {cluster: production, user: ci}
        current-context: {{current}}
        """);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void KUBECONFIG_only_says_where_kubeconfigs_are_the_environments_context_wins_over_its_current_context()
    {
        var cluster = ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = CiKubeconfig() }, Staging);

        Assert.Equal("http://127.0.0.1:6443", cluster.Server);
        Assert.Equal("staging", cluster.Context);
        Assert.Equal("Cluster: context staging, server http://127.0.0.1:6443, namespace sock-shop (the cluster: of environment staging in pipelines.yaml).", cluster.Line);
    }

    [Fact]
    public void KUBECONFIG_with_two_files_is_merged_the_first_file_winning_each_name_and_the_current_context()
    {
        var first = Write("first", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster: {server: "http://127.0.0.1:1111"}
            users:
            - name: ci
              user: {token: first}
            contexts:
            - name: one
              context: {cluster: shared, user: ci}
            current-context: one
            """);
        var second = Write("second", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: shared
              cluster: {server: "http://127.0.0.1:2222"}
            - name: staging
              cluster: {server: "http://127.0.0.1:6443"}
            users:
            - name: ci
              user: {token: second}
            contexts:
            - name: staging
              context: {cluster: staging, user: ci}
            current-context: staging
            """);
        var files = first + Path.PathSeparator + second;

        var staging = ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = files }, Staging);
        var current = ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = files }, null);

        Assert.Equal("http://127.0.0.1:6443", staging.Server);
        Assert.Equal("first", staging.Configuration.AccessToken);
        Assert.Equal("one", current.Context);
        Assert.Equal("http://127.0.0.1:1111", current.Server);
    }

    [Fact]
    public void A_KUBECONFIG_file_that_does_not_exist_is_skipped_as_kubectl_skips_it()
    {
        var files = Path.Combine(_folder, "missing") + Path.PathSeparator + CiKubeconfig();

        Assert.Equal("http://127.0.0.1:6443", ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = files }, Staging).Server);
    }

    [Fact]
    public void A_kube_context_naming_another_cluster_than_the_environments_is_refused_naming_both()
    {
        var selection = new ClusterSelection { KubeconfigFiles = CiKubeconfig(), Context = "production" };

        var error = FaultAssert.Usage(() => ClusterConnection.Resolve(selection, Staging));

        Assert.Equal("--kube-context production names the cluster production (http://127.0.0.1:7443, context production), but environment staging deploys to the cluster staging " +
            "(http://127.0.0.1:6443, context staging), as the cluster: of environment staging in pipelines.yaml says. Leave out --kube-context, or pass --cluster-override " +
            "to deploy staging to production on purpose.", error.Message);
    }

    [Fact]
    public void Cluster_override_deploys_to_the_named_cluster_and_says_so()
    {
        var selection = new ClusterSelection { KubeconfigFiles = CiKubeconfig(), Context = "production", Override = true };

        var cluster = ClusterConnection.Resolve(selection, Staging);

        Assert.Equal("http://127.0.0.1:7443", cluster.Server);
        Assert.Equal("Cluster: context production, server http://127.0.0.1:7443, namespace sock-shop (--cluster-override: --kube-context production instead of context staging, " +
            "the cluster: of environment staging in pipelines.yaml).", cluster.Line);
    }

    [Fact]
    public void A_kube_context_of_the_same_cluster_is_accepted_with_its_own_user()
    {
        var cluster = ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = CiKubeconfig(), Context = "staging-readonly" }, Staging);

        Assert.Equal("http://127.0.0.1:6443", cluster.Server);
        Assert.Equal("ro", cluster.Configuration.AccessToken);
    }

    [Fact]
    public void A_kubeconfig_flag_naming_another_cluster_than_the_environments_own_kubeconfig_is_refused()
    {
        var own = CiKubeconfig("staging-only", current: "staging");
        var environment = Staging with { KubeContext = null, Kubeconfig = own };

        var error = FaultAssert.Usage(() => ClusterConnection.Resolve(new ClusterSelection { Kubeconfig = CiKubeconfig() }, environment));

        Assert.StartsWith($"--kubeconfig {Path.Combine(_folder, "ci-config")} names the cluster production (http://127.0.0.1:7443, context production), but environment staging deploys to the cluster staging", error.Message);
    }

    [Fact]
    public void Without_an_environment_the_kube_context_and_current_context_choose_as_kubectl_does()
    {
        var files = CiKubeconfig();

        Assert.Equal("http://127.0.0.1:7443", ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = files }, null).Server);
        Assert.Equal("http://127.0.0.1:6443", ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = files, Context = "staging" }, null).Server);
    }

    [Fact]
    public void An_environment_context_missing_from_every_kubeconfig_names_the_files_and_their_contexts()
    {
        var files = CiKubeconfig();

        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(new ClusterSelection { KubeconfigFiles = files }, Staging with { KubeContext = "qa" }));

        Assert.Equal($"Kubeconfig {files} has no context 'qa'; its contexts: staging, staging-readonly, production.", error.Message);
    }
}
