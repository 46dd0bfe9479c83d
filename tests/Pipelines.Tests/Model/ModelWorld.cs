using System.Text.Json.Nodes;
using Pipelines.Images;
using Pipelines.Cli;
using Pipelines.Registry;
using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Tests.ConfigRepo.Fixtures;
using Pipelines.Tests.ProductTargets;
using Pipelines.Tests.Registry;

namespace Pipelines.Tests.Model;

/// <summary>
/// The real components a model-based run drives: a git server holding the config repo (staging automatic, production manual,
/// promoted from staging), the registry fixture, and the Kubernetes API emulator both environments apply to. Operations run
/// the product's targets in-process, and concurrent pairs as separate processes of the built CLI, all under the git lock.
/// </summary>
internal sealed class ModelWorld : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly GitServer _server = new();
    private readonly TargetHarness _targets = new();
    private readonly string _prefix;
    private readonly Dictionary<string, List<string>> _builds = [];
    private int _pushed;

    private ModelWorld(DistributionRegistryHost registry, KubeApiEmulator emulator, string kubeconfig)
    {
        _prefix = $"{registry.Host}/m{Guid.NewGuid().ToString("N")[..8]}";
        Emulator = emulator;
        Kubeconfig = kubeconfig;
        foreach (var service in ModelOperation.Services) _builds[service] = [];
        _server.CreateRepository("config", Files());
    }

    public KubeApiEmulator Emulator { get; }

    public string Kubeconfig { get; }

    public string BarePath => Path.Combine(_server.Root, "config.git");

    public string Url => _server.GitUrl("config");

    public static async Task<ModelWorld> StartAsync(RegistryFixture registry)
    {
        var emulator = await KubeApiEmulator.StartAsync(new EmulatorOptions { ClusterName = "model", PodReadyDelay = TimeSpan.FromMilliseconds(50) });
        var kubeconfig = emulator.WriteKubeconfig(Path.Combine(Directory.CreateTempSubdirectory("pipelines-model-kube-").FullName, "kubeconfig"));
        await GitOpsCluster.PrepareAsync(kubeconfig, "shop-gitops");
        var world = new ModelWorld(new DistributionRegistryHost(registry.Registry.Host), emulator, kubeconfig);
        var (exitCode, _, stderr) = await world.RunAsync(["Sync", "--environment", "staging"]);
        if (exitCode != 0) throw new InvalidOperationException("Syncing staging at the start failed: " + stderr);
        (exitCode, _, stderr) = await world.RunAsync(["Sync", "--environment", "production"]);
        if (exitCode != 0) throw new InvalidOperationException("Syncing production at the start failed: " + stderr);
        return world;
    }

    public string Image(string service, string tag) => $"{_prefix}/{service}:{tag}";

    /// <summary>The n-th build CI pushed of a service (1-based), or the service's seed image when there is no such build yet.</summary>
    public string Build(string service, int n) => _builds[service].Count >= n ? _builds[service][n - 1] : Image(service, "1.0.0");

    /// <summary>CI pushes the next build of a service; a bad one never becomes ready in the cluster.</summary>
    public async Task<string> PushAsync(string service, bool bad)
    {
        var tag = $"1.0.{_builds[service].Count + 1}";
        var image = Image(service, tag);
        using var client = new RegistryClient(TestOptions.For());
        await TestImages.PushImageAsync(client, ImageReference.Parse($"{_prefix}/{service}"), tag, created: T0.AddHours(++_pushed));
        if (bad) Emulator.AddBadImage(image);
        _builds[service].Add(image);
        return image;
    }

    /// <summary>The arguments every operation shares: the config repo, the cluster, the git lock, a rollout timeout generous enough
    /// for a bad image's progress deadline (2 s) to fail it first.</summary>
    public string[] Common(string user) =>
        ["--config-repo", Url, "--kubeconfig", Kubeconfig, "--lock", "git", "--lock-ttl", "30s", "--user", user, "--rollout-timeout", "60s", "--output", "json"];

    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] args) =>
        _targets.RunAsync([.. args, .. Common("Carol <carol@example.com>")],
            new ConfigRepoTargets(), new RegistryTargets(), new KubernetesTargets(), new ReleaseTargets());

    /// <summary>Two operations as separate processes at once (two CI jobs on different machines: each its own workspace).</summary>
    public async Task<IReadOnlyList<(int ExitCode, string Stdout, string Stderr)>> RunConcurrentlyAsync(string[] first, string[] second)
    {
        var roots = new[] { Directory.CreateTempSubdirectory("pipelines-model-job-").FullName, Directory.CreateTempSubdirectory("pipelines-model-job-").FullName };
        try
        {
            foreach (var root in roots) Directory.CreateDirectory(Path.Combine(root, ".nuke"));
            var processes = new[] { (Root: roots[0], Args: first, User: "ci-job-1"), (Root: roots[1], Args: second, User: "ci-job-2") }
                .Select(job => BuiltCli.Start(job.Root, [.. job.Args, .. Common(job.User)])).ToList();
            return await Task.WhenAll(processes.Select(async process =>
            {
                var stderr = process.StandardError.ReadToEndAsync();
                var stdout = await process.StandardOutput.ReadToEndAsync();
                await process.WaitForExitAsync();
                return (process.ExitCode, stdout, await stderr);
            }));
        }
        finally
        {
            foreach (var root in roots) Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Someone changes what runs behind the config repo's back.</summary>
    public async Task SetImageOutOfBandAsync(string environment, string service, string image)
    {
        using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        var patch = new JsonObject { ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = service, ["image"] = image }),
        } } } };
        await k8s.AppsV1OperationsExtensions.PatchNamespacedDeploymentAsync(client.AppsV1,
            new k8s.Models.V1Patch(patch.ToJsonString(), k8s.Models.V1Patch.PatchType.StrategicMergePatch), service, Namespace(environment));
    }

    /// <summary>What runs: every container image of every Deployment and CronJob in the environment's namespace.</summary>
    public async Task<IReadOnlyDictionary<(string Workload, string Container), string>> LiveImagesAsync(string environment)
    {
        using var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(Kubeconfig));
        var ns = Namespace(environment);
        var images = new Dictionary<(string, string), string>();
        foreach (var deployment in (await k8s.AppsV1OperationsExtensions.ListNamespacedDeploymentAsync(client.AppsV1, ns)).Items)
        {
            foreach (var c in deployment.Spec.Template.Spec.Containers) images[($"{ns}:deployment/{deployment.Metadata.Name}", c.Name)] = c.Image;
        }
        foreach (var cron in (await k8s.BatchV1OperationsExtensions.ListNamespacedCronJobAsync(client.BatchV1, ns)).Items)
        {
            foreach (var c in cron.Spec.JobTemplate.Spec.Template.Spec.Containers) images[($"{ns}:cronjob/{cron.Metadata.Name}", c.Name)] = c.Image;
        }
        return images;
    }

    public static string Namespace(string environment) => environment == "staging" ? "shop-staging" : "shop-production";

    private (string, string)[] Files()
    {
        var files = new List<(string, string)>
        {
            ("pipelines.yaml", """
                environments:
                  staging:
                    path: environments/staging
                    namespace: shop-staging
                    automation: automatic
                  production:
                    path: environments/production
                    namespace: shop-production
                    automation: manual
                    promoteFrom: staging
                  gitops:
                    path: environments/gitops
                    namespace: shop-gitops
                    automation: automatic
                    images:
                      - file: environments/gitops/orders-values.yaml
                        workload: shop-gitops/orders
                        repository: image.repository
                        tag: image.tag
                """),
        };
        files.AddRange(GitOpsFiles());
        foreach (var environment in ModelOperation.Applied)
        {
            files.Add(($"environments/{environment}/namespace.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {Namespace(environment)}\n"));
            foreach (var service in ModelOperation.Services) files.Add(($"environments/{environment}/{service}.yaml", Deployment(service, Image(service, "1.0.0"))));
        }
        // A CronJob running the carts image: a rejection of a carts build holds for it too.
        files.Add(("environments/staging/carts-report.yaml", $$"""
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: carts-report
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                      - name: carts
                        image: {{Image("carts", "1.0.0")}}
            """ + "\n"));
        return [.. files];
    }

    /// <summary>The gitops environment, one workload per layout a GitOps agent renders (see <see cref="ModelOperation.GitOpsWorkloads"/>);
    /// the carts base lies outside it, as a base other environments share would.</summary>
    private IEnumerable<(string, string)> GitOpsFiles()
    {
        var (carts, orders) = (Image("carts", "1.0.0"), Image("orders", "1.0.0"));
        yield return ("bases/carts/kustomization.yaml", "resources:\n- deployment.yaml\n");
        yield return ("bases/carts/deployment.yaml", Deployment("carts", carts));
        yield return ("environments/gitops/carts/kustomization.yaml", $$"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: shop-gitops
            resources:
              - ../../../bases/carts
            images:
              - name: {{_prefix}}/carts
                newTag: "1.0.0"   # set by releases

            """);
        yield return ("environments/gitops/orders-values.yaml", $$"""
            # the orders chart's values in gitops (pipelines.yaml declares its image fields)
            replicaCount: 1
            image:
              repository: {{_prefix}}/orders
              tag: "1.0.0"   # set by releases
              pullPolicy: IfNotPresent

            """);
        yield return ("environments/gitops/carts-worker.yaml", $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: carts-worker
            spec:
              selector:
                matchLabels: {name: carts-worker}
              template:
                metadata:
                  labels: {name: carts-worker}
                spec:
                  containers:
                  - name: worker
                    image: {{carts}} # {"$imagepolicy": "flux-system:carts"}

            """);
        yield return ("environments/gitops/orders-worker.yaml", $$"""
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: orders-worker
            spec:
              interval: 10m
              chart:
                spec: {chart: ./charts/orders, sourceRef: {kind: GitRepository, name: config} }
              values:
                image:
                  repository: {{_prefix}}/orders # {"$imagepolicy": "flux-system:orders:name"}
                  tag: 1.0.0 # {"$imagepolicy": "flux-system:orders:tag"}

            """);
        yield return ("environments/gitops/flux-system/image-automation.yaml", string.Join("---\n", new[] { "carts", "orders" }.Select(service => $$"""
            apiVersion: image.toolkit.fluxcd.io/v1beta2
            kind: ImageRepository
            metadata: {name: {{service}}, namespace: flux-system}
            spec: {image: {{_prefix}}/{{service}}, interval: 5m}
            ---
            apiVersion: image.toolkit.fluxcd.io/v1beta2
            kind: ImagePolicy
            metadata: {name: {{service}}, namespace: flux-system}
            spec:
              imageRepositoryRef: {name: {{service}}}
              policy: {semver: {range: ">=1.0.0"} }

            """)));
        yield return ("environments/gitops/orders-api.yaml", $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: orders-api
              annotations:
                argocd-image-updater.argoproj.io/image-list: api={{_prefix}}/orders
                argocd-image-updater.argoproj.io/api.update-strategy: newest-build
                argocd-image-updater.argoproj.io/api.helm.image-name: image.repository
                argocd-image-updater.argoproj.io/api.helm.image-tag: image.tag
            spec:
              project: default
              source:
                repoURL: https://git.example.com/shop/config.git
                path: charts/orders
                helm:
                  parameters:
                    - name: image.repository
                      value: {{_prefix}}/orders
                    - name: image.tag
                      value: "1.0.0"
              destination: {server: https://kubernetes.default.svc, namespace: shop-gitops}

            """);
    }

    private static string Deployment(string name, string image) => $$"""
        # {{name}}: owned by the {{name}} team
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          labels:
            app.kubernetes.io/version: "1.0.0"
        spec:
          replicas: 1
          progressDeadlineSeconds: 2
          selector:
            matchLabels: {name: {{name}}}
          template:
            metadata:
              labels: {name: {{name}}}
            spec:
              containers:
              - name: {{name}}
                image: {{image}}   # set by releases
        """ + "\n";

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(Kubeconfig)!, recursive: true);
        _targets.Dispose();
        _server.Dispose();
    }

    /// <summary>Where the registry fixture listens, for naming images.</summary>
    private sealed record DistributionRegistryHost(string Host);
}
