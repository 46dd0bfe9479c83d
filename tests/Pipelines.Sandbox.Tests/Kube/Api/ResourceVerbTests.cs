using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Pipelines.Sandbox.Tests.Kube.Api;

public sealed class ResourceVerbTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private k8s.Kubernetes Client => fixture.Client;

    [Fact]
    public async Task Create_fills_in_uid_creation_timestamp_resource_version_and_generation()
    {
        var ns = await fixture.NewNamespace();
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1"), ns);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(ns, created.Metadata.NamespaceProperty);
        Assert.Equal("RollingUpdate", created.Spec.Strategy.Type);
        Assert.Equal(600, created.Spec.ProgressDeadlineSeconds);
        Assert.Equal("IfNotPresent", created.Spec.Template.Spec.Containers[0].ImagePullPolicy);

        var read = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
    }

    [Fact]
    public async Task Creating_an_existing_object_answers_409_AlreadyExists()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("settings"), ns);
        var (code, body) = await fixture.Send(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"}}""");
        Assert.Equal(409, code);
        Assert.Equal("AlreadyExists", (string?)body["reason"]);
        Assert.Equal("configmaps \"settings\" already exists", (string?)body["message"]);
        Assert.Equal(409, (int?)body["code"]);
    }

    [Fact]
    public async Task Reading_a_missing_object_answers_404_NotFound_naming_the_resource()
    {
        var ns = await fixture.NewNamespace();
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReadNamespacedDeploymentAsync("nope", ns));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("deployments.apps \\\"nope\\\" not found", error.Response.Content);
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_answers_404_for_the_namespace()
    {
        var (code, body) = await fixture.Send(HttpMethod.Post, "/api/v1/namespaces/absent/configmaps",
            """{"metadata":{"name":"x"}}""");
        Assert.Equal(404, code);
        Assert.Equal("namespaces \"absent\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task Update_with_a_stale_resource_version_answers_409_Conflict_with_a_Status_body()
    {
        var ns = await fixture.NewNamespace();
        var first = await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("settings"), ns);
        first.Data["key"] = "second";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "settings", ns);

        first.Data["key"] = "stale";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "settings", ns));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal(409, status.Code);
        Assert.Equal("Operation cannot be fulfilled on configmaps \"settings\": the object has been modified; please apply your changes to the latest version and try again", status.Message);
    }

    [Fact]
    public async Task Generation_counts_spec_changes_but_not_label_changes()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1"), ns);
        var labelled = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"shop"}}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(1, labelled.Metadata.Generation);
        var scaled = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(2, scaled.Metadata.Generation);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resource_version()
    {
        var ns = await fixture.NewNamespace();
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("settings"), ns);
        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "settings", ns);
        Assert.Equal(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Updates_of_the_main_resource_ignore_status_and_the_status_subresource_ignores_spec()
    {
        var ns = await fixture.NewNamespace();
        var service = await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] },
        }, ns);
        service.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "1.2.3.4" }] } };
        var updated = await Client.CoreV1.ReplaceNamespacedServiceAsync(service, "web", ns);
        Assert.Null(updated.Status?.LoadBalancer?.Ingress);

        updated.Status = service.Status;
        updated.Spec.Ports[0].Port = 81;
        var status = await Client.CoreV1.ReplaceNamespacedServiceStatusAsync(updated, "web", ns);
        Assert.Equal("1.2.3.4", status.Status.LoadBalancer.Ingress[0].Ip);
        Assert.Equal(80, status.Spec.Ports[0].Port);
    }

    [Fact]
    public async Task List_filters_by_label_selector_and_field_selector()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("a", new Dictionary<string, string> { ["tier"] = "web", ["env"] = "prod" }), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("b", new Dictionary<string, string> { ["tier"] = "db" }), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("c"), ns);

        async Task<string[]> Names(string? labels = null, string? fields = null) =>
            (await Client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: labels, fieldSelector: fields))
            .Items.Select(i => i.Metadata.Name).ToArray();

        Assert.Equal(["a"], await Names("tier=web"));
        Assert.Equal(["b", "c"], await Names("tier!=web"));
        Assert.Equal(["a", "b"], await Names("tier in (web,db)"));
        Assert.Equal(["c"], await Names("!tier"));
        Assert.Equal(["a"], await Names("tier,env=prod"));
        Assert.Equal(["b"], await Names(fields: "metadata.name=b"));
        Assert.Equal(["a", "c"], await Names(fields: "metadata.name!=b"));
    }

    [Fact]
    public async Task An_unsupported_field_selector_answers_400()
    {
        var (code, body) = await fixture.Send(HttpMethod.Get, "/api/v1/configmaps?fieldSelector=data.key%3Dvalue");
        Assert.Equal(400, code);
        Assert.Equal("field label not supported: data.key", (string?)body["message"]);
    }

    [Fact]
    public async Task Lists_across_namespaces_carry_a_resource_version_and_accept_resourceVersion_0()
    {
        var a = await fixture.NewNamespace();
        var b = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("x"), a);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("x"), b);
        var all = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(resourceVersion: "0", fieldSelector: "metadata.name=x");
        Assert.Contains(all.Items, i => i.Metadata.NamespaceProperty == a);
        Assert.Contains(all.Items, i => i.Metadata.NamespaceProperty == b);
        Assert.False(string.IsNullOrEmpty(all.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task List_pages_with_limit_and_continue()
    {
        var ns = await fixture.NewNamespace();
        foreach (var name in new[] { "a", "b", "c" }) await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap(name), ns);
        var first = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2);
        Assert.Equal(["a", "b"], first.Items.Select(i => i.Metadata.Name));
        Assert.Equal(1, first.Metadata.RemainingItemCount);
        var second = await Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(["c"], second.Items.Select(i => i.Metadata.Name));
        Assert.Null(second.Metadata.ContinueProperty);
    }

    [Fact]
    public async Task Dry_run_create_answers_the_object_without_storing_it()
    {
        var ns = await fixture.NewNamespace();
        var answer = await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("dry"), ns, dryRun: "All");
        Assert.Equal("dry", answer.Metadata.Name);
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
    }

    [Fact]
    public async Task Delete_removes_the_object_and_its_dependents()
    {
        var ns = await fixture.NewNamespace();
        var owner = await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("owner"), ns);
        var dependent = Workloads.ConfigMap("dependent");
        dependent.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid }];
        await Client.CoreV1.CreateNamespacedConfigMapAsync(dependent, ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns);
        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_it_holds()
    {
        var ns = await fixture.NewNamespace();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(Workloads.ConfigMap("x"), ns);
        await Client.CoreV1.DeleteNamespaceAsync(ns);
        // Terminating for a moment, while the namespace controller deletes its content; then gone.
        await Eventually.Until(async () => (await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{ns}")).Code, code => code == 404, "the namespace to go");
        Assert.DoesNotContain((await Client.CoreV1.ListConfigMapForAllNamespacesAsync()).Items, i => i.Metadata.NamespaceProperty == ns);
    }

    [Fact]
    public async Task A_deployment_whose_selector_does_not_match_its_template_is_invalid()
    {
        var ns = await fixture.NewNamespace();
        var deployment = Workloads.Deployment("web", "shop/web:1");
        deployment.Spec.Selector.MatchLabels["app"] = "other";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns));
        Assert.Equal((HttpStatusCode)422, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("spec.template.metadata.labels", status.Details.Causes[0].Field);
    }

    [Fact]
    public async Task Secrets_store_string_data_as_base64_data_and_leases_round_trip()
    {
        var ns = await fixture.NewNamespace();
        var secret = await Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "creds" },
            StringData = new Dictionary<string, string> { ["password"] = "hunter2" },
        }, ns);
        Assert.Equal("Opaque", secret.Type);
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString(secret.Data["password"]));

        var lease = await Client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "lock" },
            Spec = new V1LeaseSpec { HolderIdentity = "ci-1", LeaseDurationSeconds = 15 },
        }, ns);
        lease.Spec.HolderIdentity = "ci-2";
        var taken = await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "lock", ns);
        Assert.Equal("ci-2", taken.Spec.HolderIdentity);
    }

    [Fact]
    public async Task Every_served_kind_can_be_created_read_listed_and_deleted()
    {
        var ns = await fixture.NewNamespace();
        var template = """{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"x","image":"x:1"}]}}""";
        var jobTemplate = """{"metadata":{"labels":{"app":"x"}},"spec":{"restartPolicy":"Never","containers":[{"name":"x","image":"x:1"}]}}""";
        var objects = new (string Path, string Body)[]
        {
            ($"/api/v1/namespaces/{ns}/pods", """{"metadata":{"name":"x"},"spec":{"containers":[{"name":"x","image":"x:1"}]}}"""),
            ($"/api/v1/namespaces/{ns}/services", """{"metadata":{"name":"x"},"spec":{"ports":[{"port":80}]}}"""),
            ($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"x"}}"""),
            ($"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"x"}}"""),
            ($"/api/v1/namespaces/{ns}/serviceaccounts", """{"metadata":{"name":"x"}}"""),
            ($"/apis/apps/v1/namespaces/{ns}/deployments", $$$"""{"metadata":{"name":"x"},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"x"}},"template":{{{template}}}}}"""),
            ($"/apis/apps/v1/namespaces/{ns}/replicasets", $$$"""{"metadata":{"name":"x"},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"x"}},"template":{{{template}}}}}"""),
            ($"/apis/apps/v1/namespaces/{ns}/statefulsets", $$$"""{"metadata":{"name":"x"},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"x"}},"template":{{{template}}}}}"""),
            ($"/apis/apps/v1/namespaces/{ns}/daemonsets", $$$"""{"metadata":{"name":"x"},"spec":{"selector":{"matchLabels":{"app":"x"}},"template":{{{template}}}}}"""),
            // A Job's pods must not restart for ever: its template says Never or OnFailure.
            ($"/apis/batch/v1/namespaces/{ns}/jobs", $$$"""{"metadata":{"name":"x"},"spec":{"template":{{{jobTemplate}}}}}"""),
            ($"/apis/batch/v1/namespaces/{ns}/cronjobs", """{"metadata":{"name":"x"},"spec":{"schedule":"* * * * *","jobTemplate":{"spec":{"template":""" + jobTemplate + "}}}}"),
            ($"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases", """{"metadata":{"name":"x"},"spec":{"holderIdentity":"me"}}"""),
        };
        foreach (var (path, body) in objects)
        {
            var (created, createdBody) = await fixture.Send(HttpMethod.Post, path, body);
            Assert.True(created == 201, $"POST {path}: {created} {createdBody}");
            Assert.Equal(200, (await fixture.Send(HttpMethod.Get, path + "/x")).Code);
            var (_, list) = await fixture.Send(HttpMethod.Get, path);
            Assert.EndsWith("List", (string?)list["kind"]);
            Assert.Equal(200, (await fixture.Send(HttpMethod.Delete, path + "/x")).Code);
            // A pod is Terminating for a moment (its kubelet stops it); everything else goes at once.
            await Eventually.Until(async () => (await fixture.Send(HttpMethod.Get, path + "/x")).Code, code => code == 404, $"{path}/x to be gone");
        }
    }
}
