namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>What a real API server refuses and releases must learn before their push: immutable fields and invalid values.</summary>
public sealed class UpdateValidationTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: web, image: shop/web:1}
        """;

    private Task<(int Code, System.Text.Json.Nodes.JsonNode Body)> Apply(string ns, string plural, string name, string yaml, string group = "apps") =>
        fixture.Send(HttpMethod.Patch, $"{(group.Length == 0 ? "/api" : "/apis/" + group)}/v1/namespaces/{ns}/{plural}/{name}?fieldManager=test&force=true", yaml, "application/apply-patch+yaml");

    [Fact]
    public async Task A_deployments_selector_cannot_change()
    {
        var ns = await fixture.NewNamespace();
        Assert.Equal(201, (await Apply(ns, "deployments", "web", Deployment)).Code);

        var (code, status) = await Apply(ns, "deployments", "web", Deployment.Replace("app: web", "app: web2"));

        Assert.Equal(422, code);
        Assert.Contains("spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable", (string?)status["message"]);
    }

    [Fact]
    public async Task A_jobs_pod_template_cannot_change()
    {
        var ns = await fixture.NewNamespace();
        const string job = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: migrate, image: shop/migrate:1}]
            """;
        Assert.Equal(201, (await Apply(ns, "jobs", "migrate", job, "batch")).Code);

        var (code, status) = await Apply(ns, "jobs", "migrate", job.Replace("migrate:1", "migrate:2"), "batch");

        Assert.Equal(422, code);
        Assert.StartsWith("Job.batch \"migrate\" is invalid: spec.template: Invalid value:", (string?)status["message"]);
        Assert.EndsWith("field is immutable", (string?)status["message"]);
    }

    [Fact]
    public async Task A_services_cluster_ip_cannot_change_once_set()
    {
        var ns = await fixture.NewNamespace();
        const string service = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 8080}]
            """;
        Assert.Equal(201, (await Apply(ns, "services", "web", service, "")).Code);
        var assigned = (string?)(await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{ns}/services/web")).Body["spec"]!["clusterIP"];

        var (code, status) = await Apply(ns, "services", "web", service + $"\n  clusterIP: {Other(assigned!)}\n", "");

        Assert.Equal(422, code);
        Assert.Contains("spec.clusterIP", (string?)status["message"]);
        Assert.EndsWith("field is immutable", (string?)status["message"]);
    }

    [Fact]
    public async Task A_statefulsets_spec_outside_replicas_template_and_update_strategy_cannot_change()
    {
        var ns = await fixture.NewNamespace();
        var statefulSet = Deployment.Replace("kind: Deployment", "kind: StatefulSet").Replace("  replicas: 1\n", "  replicas: 1\n  serviceName: web\n");
        Assert.Equal(201, (await Apply(ns, "statefulsets", "web", statefulSet)).Code);

        var scaled = await Apply(ns, "statefulsets", "web", statefulSet.Replace("replicas: 1", "replicas: 3"));
        var (code, status) = await Apply(ns, "statefulsets", "web", statefulSet.Replace("serviceName: web", "serviceName: web2"));

        Assert.Equal(200, scaled.Code);
        Assert.Equal(422, code);
        Assert.Contains("spec: Forbidden: updates to statefulset spec for fields other than 'replicas'", (string?)status["message"]);
    }

    [Fact]
    public async Task An_immutable_config_maps_data_cannot_change_nor_can_it_become_mutable_again()
    {
        var ns = await fixture.NewNamespace();
        const string configMap = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            immutable: true
            data: {mode: fast}
            """;
        Assert.Equal(201, (await Apply(ns, "configmaps", "settings", configMap, "")).Code);

        var changed = await Apply(ns, "configmaps", "settings", configMap.Replace("mode: fast", "mode: slow"), "");
        var mutable = await Apply(ns, "configmaps", "settings", configMap.Replace("immutable: true", "immutable: false"), "");

        Assert.Equal(422, changed.Code);
        Assert.Contains("data: Forbidden: field is immutable when `immutable` is set", (string?)changed.Body["message"]);
        Assert.Equal(422, mutable.Code);
        Assert.Contains("immutable: Forbidden: field is immutable when `immutable` is set", (string?)mutable.Body["message"]);
    }

    [Theory]
    [InlineData("Web")]
    [InlineData("web_1")]
    [InlineData("-web")]
    public async Task An_object_name_that_is_not_a_dns_subdomain_is_refused(string name)
    {
        var ns = await fixture.NewNamespace();

        var (code, status) = await fixture.Send(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/deployments", Deployment.Replace("name: web}", $"name: {name}}}"), "application/yaml");

        Assert.Equal(422, code);
        Assert.Contains($"metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 subdomain", (string?)status["message"]);
    }

    /// <summary>Another address in the same service range: what a user editing clusterIP by hand would write.</summary>
    private static string Other(string clusterIp)
    {
        var parts = clusterIp.Split('.');
        parts[3] = parts[3] == "200" ? "201" : "200";
        return string.Join('.', parts);
    }

    [Theory]
    [InlineData("replicas: 1", "replicas: -1", "spec.replicas: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("- {name: web, image: shop/web:1}", "- {name: web, image: shop/web:1}\n      - {name: web, image: shop/side:1}", "spec.template.spec.containers[1].name: Duplicate value: \"web\"")]
    [InlineData("- {name: web, image: shop/web:1}", "- {name: Web, image: shop/web:1}", "spec.template.spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label")]
    [InlineData("    spec:\n", "    spec:\n      restartPolicy: Never\n", "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"")]
    public async Task Invalid_values_are_refused_with_the_api_servers_field_and_message(string from, string to, string message)
    {
        var ns = await fixture.NewNamespace();

        var (code, status) = await Apply(ns, "deployments", "web", Deployment.Replace(from, to));

        Assert.Equal(422, code);
        Assert.Contains(message, (string?)status["message"]);
    }

    [Fact]
    public async Task A_quantity_that_cannot_be_read_makes_the_object_undecodable()
    {
        var ns = await fixture.NewNamespace();

        var (code, status) = await Apply(ns, "deployments", "web", Deployment.Replace("image: shop/web:1}", "image: shop/web:1, resources: {requests: {memory: 1GG}}}"));

        Assert.Equal(400, code);
        Assert.StartsWith("Deployment in version \"v1\" cannot be handled as a Deployment: quantities must match the regular expression", (string?)status["message"]);
    }

    [Fact]
    public async Task A_cron_schedule_that_does_not_parse_is_refused()
    {
        var ns = await fixture.NewNamespace();
        var (code, status) = await fixture.Send(HttpMethod.Post, $"/apis/batch/v1/namespaces/{ns}/cronjobs",
            """{"metadata":{"name":"nightly"},"spec":{"schedule":"every night","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"x","image":"x:1"}]}}}}}}""");

        Assert.Equal(422, code);
        Assert.Contains("spec.schedule: Invalid value: \"every night\": unparseable cron schedule", (string?)status["message"]);
    }
}
