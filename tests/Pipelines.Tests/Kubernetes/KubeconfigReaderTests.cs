using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Pipelines.Kubernetes;

namespace Pipelines.Tests.Kubernetes;

/// <summary>Kubeconfig files as kubectl reads them, through Pipelines' own reader (KubernetesClient's is slow to start).</summary>
public sealed class KubeconfigReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pipelines-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_current_context_and_its_user_are_used_when_nothing_names_a_context()
    {
        var path = Write("config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: staging
              cluster: {server: "http://127.0.0.1:6443"}
            users:
            - name: ci
              user: {token: abc}
            contexts:
            - name: staging
              context: {cluster: staging, user: ci, namespace: sock-shop}
            current-context: staging
            preferences: {}
            """);

        var config = ClusterConnection.Resolve(path, null, null, null);

        Assert.Equal("http://127.0.0.1:6443", config.Host.TrimEnd('/'));
        Assert.Equal("abc", config.AccessToken);
        Assert.Equal("sock-shop", config.Namespace);
    }

    [Fact]
    public void A_relative_certificate_authority_path_is_read_beside_the_kubeconfig_not_the_working_directory()
    {
        using var key = RSA.Create(2048);
        using var ca = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Write("ca.crt", ca.ExportCertificatePem());
        var path = Write("tls-config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: tls
              cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
            contexts:
            - name: tls
              context: {cluster: tls}
            current-context: tls
            """);

        var config = ClusterConnection.Resolve(path, null, null, null);

        Assert.NotEqual(_folder, Directory.GetCurrentDirectory());
        Assert.Equal(ca.Thumbprint, Assert.Single(config.SslCaCerts).Thumbprint);
    }

    [Fact]
    public void An_exec_credential_plugin_is_read_with_its_arguments_and_environment()
    {
        var path = Write("exec-config", """
            apiVersion: v1
            kind: Config
            users:
            - name: eks
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
                  args: [eks, get-token, --cluster-name, prod]
                  env: [{name: AWS_PROFILE, value: ci}]
                  interactiveMode: Never
            """);

        var exec = Assert.Single(KubeconfigReader.Read(path).Users).UserCredentials.ExternalExecution;

        Assert.Equal("aws", exec.Command);
        Assert.Equal(["eks", "get-token", "--cluster-name", "prod"], exec.Arguments);
        Assert.Equal("ci", Assert.Single(exec.EnvironmentVariables)["value"]);
    }

    [Fact]
    public void An_empty_kubeconfig_is_named_in_the_error()
    {
        var path = Write("empty", "");

        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(path, null, null, null));

        Assert.Contains($"Kubeconfig {path} is empty", error.Message);
    }

    [Fact]
    public void Malformed_yaml_names_the_file()
    {
        var path = Write("broken", "clusters: [name: x\n  - oops");

        var error = Assert.Throws<ClusterConnectionException>(() => ClusterConnection.Resolve(path, null, null, null));

        Assert.StartsWith($"Kubeconfig {path} cannot be read", error.Message);
    }
}
