using Pipelines.Sandbox.Kube.Auth;
using Pipelines.Sandbox.Kube.Hosting;
using KubectlTool = Pipelines.Sandbox.Kube.Tools.Kubectl;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>
/// Client certificates, the other way kubeconfigs authenticate (kind, kubeadm and most managed clusters hand one out): the
/// real kubectl with a certificate the cluster's CA signed is the user its CN names in the groups its O entries name, and
/// RBAC judges that user; a certificate of another CA authenticates nobody.
/// </summary>
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("emulator-client-certs-").FullName;
    private KubeApiEmulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { Authorization = true, Tls = true });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private KubectlTool KubectlAs(string name, string kubeconfigText)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, kubeconfigText);
        return new KubectlTool(path, Path.Combine(_folder, name + "-cache"));
    }

    [Fact]
    public async Task Kubectl_with_a_client_certificate_acts_as_its_user_and_groups_under_rbac()
    {
        var admin = KubectlAs("admin", _emulator.Kubeconfig());
        var alice = KubectlAs("alice", _emulator.KubeconfigWithClientCertificate(new EmulatorUser("alice", ["developers"])));

        var before = await alice.Run("auth", "can-i", "list", "configmaps", "-n", "default");
        foreach (var grant in new[]
                 {
                     new[] { "create", "clusterrole", "config-reader", "--verb=get,list,watch", "--resource=configmaps" },
                     ["create", "rolebinding", "developers-read-config", "--clusterrole=config-reader", "--group=developers", "-n", "default"],
                 })
        {
            var (code, output) = await admin.Run(grant);
            Assert.True(code == 0, output);
        }
        var after = await alice.Run("auth", "can-i", "list", "configmaps", "-n", "default");
        var listed = await alice.Run("get", "configmaps", "-n", "default");
        var forbidden = await alice.Run("create", "configmap", "x", "-n", "default");

        Assert.Equal("no", before.Output.Trim());
        Assert.Equal("yes", after.Output.Trim());
        Assert.Equal(0, listed.ExitCode);
        Assert.NotEqual(0, forbidden.ExitCode);
        Assert.Contains("User \"alice\" cannot create resource \"configmaps\"", forbidden.Output);
    }

    [Fact]
    public async Task A_certificate_signed_by_another_authority_is_unauthorized()
    {
        await using var other = await KubeApiEmulator.StartAsync(new EmulatorOptions { Authorization = true, Tls = true });
        // The other cluster's administrator certificate, presented to this one: a name this cluster knows, signed by a CA it does not trust.
        var stranger = KubectlAs("stranger", Kubeconfig.ForClientCertificate(_emulator.BaseAddress, _emulator.Options.ClusterName, _emulator.CertificateAuthorityPem!,
            other.IssueClientCertificate(EmulatorUser.Admin)));

        var (code, output) = await stranger.Run("get", "namespaces");

        Assert.NotEqual(0, code);
        Assert.True(output.Contains("You must be logged in to the server", StringComparison.Ordinal), output);
    }
}
