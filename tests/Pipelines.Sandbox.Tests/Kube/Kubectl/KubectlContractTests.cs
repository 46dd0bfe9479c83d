using System.Text;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Kubectl;

/// <summary>
/// The real kubectl 1.33 against the emulator: what users and the product do with kubectl works, and
/// the requests kubectl needed are kept in kubectl-requests.golden.txt, so that a change in what
/// kubectl asks for (or in what the emulator answers) shows up as a diff to review.
/// </summary>
public sealed class KubectlContractTests : IAsyncLifetime
{
    private const string Manifest = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-settings
          namespace: shop
        data:
          greeting: hello
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: shop/web:1
                ports:
                - containerPort: 8080
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 8080
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("kubectl-contract-").FullName;
    private KubeApiEmulator emulator = null!;
    private global::Pipelines.Sandbox.Kube.Tools.Kubectl kubectl = null!;
    private string manifest = null!;

    public async Task InitializeAsync()
    {
        // Long enough that `rollout status` always finds the rollout in progress, so the requests it makes do not vary.
        emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions
        {
            PodReadyDelay = TimeSpan.FromSeconds(1),
            BadImages = ["shop/web:broken"],
        });
        kubectl = new global::Pipelines.Sandbox.Kube.Tools.Kubectl(emulator.WriteKubeconfig(Path.Combine(folder, "kubeconfig")), Path.Combine(folder, "cache"));
        manifest = Path.Combine(folder, "shop.yaml");
        await File.WriteAllTextAsync(manifest, Manifest);
    }

    public async Task DisposeAsync()
    {
        await emulator.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Kubectl_applies_rolls_out_sets_images_shows_history_undoes_and_deletes()
    {
        var log = new StringBuilder();

        async Task<string> Run(params string[] arguments)
        {
            emulator.ClearRequests();
            var (code, output) = await kubectl.Run(arguments);
            var command = "kubectl " + string.Join(" ", arguments).Replace(folder, "<tmp>", StringComparison.Ordinal);
            Assert.True(code == 0, $"{command} exited {code}:\n{output}");
            await Eventually.Until(() => Task.FromResult(emulator.RequestsInFlight), n => n == 0, "kubectl's requests to end");
            log.AppendLine("# " + command);
            foreach (var line in RequestLog.Lines(emulator.Requests)) log.AppendLine(line);
            log.AppendLine();
            return output;
        }

        Assert.Contains("deployment.apps/web serverside-applied", await Run("apply", "--server-side", "-f", manifest));
        Assert.Contains("successfully rolled out", await Run("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s"));
        Assert.Contains("web", await Run("get", "deployments", "-n", "shop"));
        Assert.Contains("deployment.apps/web image updated", await Run("set", "image", "deployment/web", "web=shop/web:2", "-n", "shop"));
        Assert.Contains("successfully rolled out", await Run("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s"));
        var history = await Run("rollout", "history", "deployment/web", "-n", "shop");
        Assert.Matches(@"(?m)^1\s", history);
        Assert.Matches(@"(?m)^2\s", history);
        Assert.Contains("deployment.apps/web rolled back", await Run("rollout", "undo", "deployment/web", "-n", "shop"));
        Assert.Contains("successfully rolled out", await Run("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s"));
        Assert.Equal("shop/web:1", await Run("get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        var undone = await Run("rollout", "history", "deployment/web", "-n", "shop");
        Assert.Matches(@"(?m)^2\s", undone);
        Assert.Matches(@"(?m)^3\s", undone);
        var deleted = await Run("delete", "deployment/web", "service/web", "configmap/web-settings", "-n", "shop");
        Assert.Contains("deployment.apps \"web\" deleted", deleted);
        Assert.Contains("service \"web\" deleted", deleted);
        Assert.Contains("namespace \"shop\" deleted", await Run("delete", "namespace", "shop"));

        Golden.Verify("kubectl-requests.golden.txt", log.ToString());
    }

    [Fact]
    public async Task Kubectl_rollout_status_fails_when_a_bad_image_exceeds_the_progress_deadline()
    {
        // The deadline outlasts a good pod's start (1 s) by more than the one-second precision of condition times.
        await File.WriteAllTextAsync(manifest, Manifest.Replace("  replicas: 2", "  replicas: 1\n  progressDeadlineSeconds: 2"));
        Assert.Equal(0, (await kubectl.Run("apply", "--server-side", "-f", manifest)).ExitCode);
        Assert.Equal(0, (await kubectl.Run("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s")).ExitCode);
        Assert.Equal(0, (await kubectl.Run("set", "image", "deployment/web", "web=shop/web:broken", "-n", "shop")).ExitCode);

        var (code, output) = await kubectl.Run("rollout", "status", "deployment/web", "-n", "shop", "--timeout=60s");
        Assert.Equal(1, code);
        Assert.Contains("error: deployment \"web\" exceeded its progress deadline", output);
        var (_, pods) = await kubectl.Run("get", "pods", "-n", "shop");
        Assert.Contains("ImagePullBackOff", pods);
    }
}
