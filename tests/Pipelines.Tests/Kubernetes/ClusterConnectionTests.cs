using Pipelines.Kubernetes;

namespace Pipelines.Tests.Kubernetes;

public sealed class ClusterConnectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Kubeconfig()
    {
        var path = Path.Combine(_folder, "config");
        File.WriteAllText(path, """
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
            contexts:
            - name: staging
              context: {cluster: staging, user: ci, namespace: sock-shop}
            - name: production
              context: {cluster: production, user: ci}
            current-context: staging
            """);
        return path;
    }

    [Fact]
    public void The_environments_context_is_used_when_no_parameter_names_one()
    {
        var config = ClusterConnection.Resolve(Kubeconfig(), null, null, "staging");
        Assert.Equal("http://127.0.0.1:6443", config.Host.TrimEnd('/'));
        Assert.Equal("sock-shop", config.Namespace);
    }

    [Fact]
    public void Unknown_context_names_the_file_and_lists_the_contexts()
    {
        var file = Kubeconfig();
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(file, "qa", null, null));
        Assert.Equal($"Kubeconfig {file} has no context 'qa'; its contexts: staging, production.", error.Message);
    }

    [Fact]
    public void Missing_file_says_what_to_pass()
    {
        var missing = Path.Combine(_folder, "nope");
        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(missing, null, null, null));
        Assert.Contains($"Kubeconfig {missing} does not exist", error.Message);
    }
}
