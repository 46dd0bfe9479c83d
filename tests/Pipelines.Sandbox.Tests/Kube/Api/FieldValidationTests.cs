using k8s;
using System.Text;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>
/// Unknown fields, as a real API server treats them: server-side apply refuses them always; create, update and patch
/// refuse them with fieldValidation=Strict, drop them with a warning with Warn (the default) and silently with Ignore.
/// </summary>
public sealed class FieldValidationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replica: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - name: web
                image: shop/web:1
                imagePullPolice: Always
        """;

    [Fact]
    public async Task Server_side_apply_refuses_an_unknown_field_naming_its_path_even_as_a_dry_run()
    {
        var ns = await fixture.NewNamespace();

        var (code, status) = await fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=pipelines&force=true&dryRun=All",
            Deployment, "application/apply-patch+yaml");

        Assert.Equal(500, code);
        Assert.Equal($"failed to create typed patch object ({ns}/web; apps/v1, Kind=Deployment): errors:\n" +
            "  .spec.replica: field not declared in schema\n" +
            "  .spec.template.spec.containers[name=\"web\"].imagePullPolice: field not declared in schema", (string?)status["message"]);
        Assert.Null(status["reason"]);
    }

    [Fact]
    public async Task Create_with_strict_field_validation_refuses_unknown_fields()
    {
        var ns = await fixture.NewNamespace();

        var (code, status) = await fixture.Send(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments?fieldValidation=Strict", Deployment, "application/yaml");

        Assert.Equal(400, code);
        Assert.Equal("strict decoding error: unknown field \"spec.replica\", unknown field \"spec.template.spec.containers[0].imagePullPolice\"", (string?)status["message"]);
    }

    /// <summary>The Deployment with its unknown fields, created with this fieldValidation; the answer's headers are what is checked.</summary>
    private Task<HttpResponseMessage> CreateWith(string ns, string fieldValidation) =>
        fixture.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"apis/apps/v1/namespaces/{ns}/deployments?fieldValidation={fieldValidation}")
        {
            Content = new StringContent(Deployment, Encoding.UTF8, "application/yaml"),
        });

    [Fact]
    public async Task Create_with_warn_drops_unknown_fields_and_says_so_in_a_warning_header()
    {
        var ns = await fixture.NewNamespace();

        using var response = await CreateWith(ns, "Warn");
        var stored = await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Contains("299 - \"unknown field \\\"spec.replica\\\"\"", response.Headers.GetValues("Warning"));
        Assert.Equal(1, stored.Spec.Replicas);
    }

    [Theory]
    [InlineData("readinessProbe: {httpGet: {path: /health, port: 8080}, initialDelaySecond: 5}", "readinessProbe.initialDelaySecond")]
    [InlineData("resources: {limit: {memory: 64Mi}}", "resources.limit")]
    [InlineData("securityContext: {runAsNonRoot: true, readOnlyRootFileSystem: true}", "securityContext.readOnlyRootFileSystem")]
    [InlineData("env: [{name: DB, valueFrom: {secretKeyRef: {name: db, keys: password}}}]", "env[name=\"DB\"].valueFrom.secretKeyRef.keys")]
    [InlineData("envFrom: [{configMapRef: {name: settings}, prefx: APP_}]", "envFrom[0].prefx")]
    public async Task A_misspelt_field_in_a_probe_resources_security_context_or_reference_is_refused_by_apply(string containerField, string path)
    {
        var ns = await fixture.NewNamespace();
        var yaml = $$$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: shop/web:1
                    {{{containerField}}}
            """;

        var (code, status) = await fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=test&dryRun=All", yaml, "application/apply-patch+yaml");

        // As the API server's structured-merge-diff answers an apply of a field its schema lacks.
        Assert.Equal(500, code);
        Assert.Contains($".spec.template.spec.containers[name=\"web\"].{path}: field not declared in schema", (string?)status["message"]);
    }

    [Fact]
    public async Task Well_formed_probes_resources_security_contexts_and_volumes_are_accepted()
    {
        var ns = await fixture.NewNamespace();
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  securityContext: {runAsNonRoot: true, runAsUser: 10001, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: web
                    image: shop/web:1
                    resources: {limits: {cpu: 500m, memory: 128Mi}, requests: {cpu: 0.1, memory: 64Mi}}
                    readinessProbe: {httpGet: {path: /health, port: http, httpHeaders: [{name: X-Probe, value: "1"}]}, initialDelaySeconds: 5, periodSeconds: 10}
                    livenessProbe: {tcpSocket: {port: 8080}, failureThreshold: 3}
                    startupProbe: {exec: {command: [cat, /tmp/ready]}}
                    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                    env:
                    - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password, optional: true}}}
                    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    envFrom: [{prefix: APP_, configMapRef: {name: settings}}]
                    ports: [{name: http, containerPort: 8080}]
                    volumeMounts: [{name: config, mountPath: /etc/web}, {name: tmp, mountPath: /tmp}]
                  volumes:
                  - {name: config, configMap: {name: settings, items: [{key: web.conf, path: web.conf, mode: 420}], defaultMode: 420}}
                  - {name: tmp, emptyDir: {sizeLimit: 64Mi}}
            """;

        var (code, status) = await fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=test&dryRun=All", yaml, "application/apply-patch+yaml");

        Assert.True(code == 201, status.ToJsonString());
    }

    [Fact]
    public async Task Create_with_ignore_drops_unknown_fields_without_a_word()
    {
        var ns = await fixture.NewNamespace();

        using var response = await CreateWith(ns, "Ignore");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.False(response.Headers.Contains("Warning"));
        Assert.Equal(1, (await fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);
    }

    [Fact]
    public async Task A_strict_strategic_merge_patch_with_an_unknown_field_is_invalid()
    {
        var ns = await fixture.NewNamespace();
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 0), ns);

        var (code, status) = await fixture.Send(HttpMethod.Patch, $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldValidation=Strict",
            """{"spec":{"paused":true,"pausd":true}}""", "application/strategic-merge-patch+json");

        Assert.Equal(422, code);
        Assert.Contains("strict decoding error: unknown field \"spec.pausd\"", (string?)status["message"]);
    }
}
