using System.Text;
using k8s;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Faults;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Server.SignIn;

namespace Pipelines.Tests.Server;

/// <summary>
/// The console's session keys in a Kubernetes Secret (<see cref="SecretXmlRepository"/>) on the API emulator, through the real
/// KubernetesClient: what one replica's Data Protection protects, another one reading the same Secret unprotects — a
/// restarted pod or a second replica keeps everyone's sessions.
/// </summary>
public sealed class SessionKeysSecretTests : IAsyncLifetime
{
    private KubeApiEmulator _emulator = null!;
    private k8s.Kubernetes _client = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync();
        _folder = Directory.CreateTempSubdirectory("pipelines-keys-secret-").FullName;
        _client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_emulator.WriteKubeconfig(Path.Combine(_folder, "kubeconfig"))));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    // One replica's Data Protection, as Watch configures it with --ui-keys-secret.
    private IDataProtector Replica(SecretKeyStore store)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("pipelines-watch");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new SecretXmlRepository(store));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("session");
    }

    [Fact]
    public async Task Keys_written_to_the_secret_by_one_replica_open_its_cookies_in_another()
    {
        var store = new SecretKeyStore(_client, "default", "watch-session-keys");

        var cookie = Replica(store).Protect(Encoding.UTF8.GetBytes("alice's session"));
        var opened = Replica(store).Unprotect(cookie);

        Assert.Equal("alice's session", Encoding.UTF8.GetString(opened));
        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("watch-session-keys", "default");
        var key = Assert.Single(secret.Data);
        Assert.Matches("^key-[0-9a-f-]{36}\\.xml$", key.Key);
        Assert.Contains("<key id=", Encoding.UTF8.GetString(key.Value));
        Assert.Equal("pipelines", secret.Metadata.Labels["app.kubernetes.io/managed-by"]);
    }

    [Fact]
    public async Task A_second_key_is_added_beside_the_first_and_both_are_read_back()
    {
        var store = new SecretKeyStore(_client, "default", "keys");
        var repository = new SecretXmlRepository(store);

        repository.StoreElement(new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "1")), "key-1");
        new SecretXmlRepository(store).StoreElement(new System.Xml.Linq.XElement("key", new System.Xml.Linq.XAttribute("id", "2")), "key-2");

        Assert.Equal(["1", "2"], new SecretXmlRepository(store).GetAllElements().Select(e => e.Attribute("id")!.Value));
        Assert.Equal(2, (await _client.CoreV1.ReadNamespacedSecretAsync("keys", "default")).Data.Count);
    }

    [Fact]
    public void A_cluster_that_does_not_answer_fails_within_the_deadline_and_says_what_to_do()
    {
        // Accepts connections and never answers, as a cluster behind a dead proxy does.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}" });
        var store = new SecretKeyStore(client, "default", "keys") { Timeout = TimeSpan.FromSeconds(1) };

        var started = DateTimeOffset.UtcNow;
        var error = Assert.Throws<PipelinesException>(() => new SecretXmlRepository(store).GetAllElements());

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal("The web console's session keys: the Secret default/keys did not answer a read within 1s. Check that the cluster answers, " +
            "or keep the keys in a folder with --ui-keys-dir.", error.Message);
    }

    [Fact]
    public void A_cluster_that_refuses_connections_says_so()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = $"http://127.0.0.1:{port}" });

        var error = Assert.Throws<PipelinesException>(() => new SecretXmlRepository(new SecretKeyStore(client, "default", "keys")).StoreElement(new System.Xml.Linq.XElement("key"), "key-1"));

        Assert.StartsWith("The web console's session keys: could not reach the cluster to write the Secret default/keys (", error.Message);
    }
}
