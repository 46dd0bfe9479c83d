using k8s;
using k8s.Models;
using System.Text.Json.Nodes;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>
/// Deletion as the API server and its controllers do it: finalizers hold an object (deletionTimestamp set) until they are
/// removed; a namespace is Terminating until its content is gone; foreground deletes dependents first; orphan keeps them.
/// </summary>
public sealed class DeletionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private k8s.Kubernetes Client => fixture.Client;

    [Fact]
    public async Task A_finalizer_holds_an_object_marked_for_deletion_until_it_is_removed()
    {
        var ns = await fixture.NewNamespace();
        var map = Workloads.ConfigMap("held");
        map.Metadata.Finalizers = ["example.com/backup"];
        await Client.CoreV1.CreateNamespacedConfigMapAsync(map, ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("held", ns);
        var marked = await Client.CoreV1.ReadNamespacedConfigMapAsync("held", ns);
        Assert.NotNull(marked.Metadata.DeletionTimestamp);

        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", ns);
        var (code, _) = await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/held");
        Assert.Equal(404, code);
    }

    [Fact]
    public async Task A_namespace_is_Terminating_refuses_new_content_and_goes_once_its_content_is_gone()
    {
        var ns = await fixture.NewNamespace();
        // Content with a finalizer keeps the namespace Terminating (as a stuck namespace does) until the finalizer is removed.
        var held = Workloads.ConfigMap("held");
        held.Metadata.Finalizers = ["example.com/backup"];
        await Client.CoreV1.CreateNamespacedConfigMapAsync(held, ns);

        await Client.CoreV1.DeleteNamespaceAsync(ns);
        var terminating = await Client.CoreV1.ReadNamespaceAsync(ns);
        var (refused, status) = await fixture.Send(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"late"}}""");
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", ns);

        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.Equal(403, refused);
        Assert.Equal($"configmaps \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", (string?)status["message"]);
        await Eventually.Until(async () => (await fixture.Send(HttpMethod.Get, $"/api/v1/namespaces/{ns}")).Code, code => code == 404, "the namespace to go");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_the_dependents_without_their_owner_reference()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 1), ns);
        await Eventually.Until(async () => (await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items, sets => sets.Count == 1, "the replica set");

        await Client.AppsV1.DeleteNamespacedDeploymentAsync("web", ns, propagationPolicy: "Orphan");
        await Eventually.Until(async () => (await fixture.Send(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/deployments/web")).Code, code => code == 404, "the deployment to go");
        await Task.Delay(300);   // several controller passes: the garbage collector must leave the orphans alone

        var set = Assert.Single((await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
        Assert.Null(set.Metadata.OwnerReferences);
        Assert.Contains((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items, p => p.Metadata.DeletionTimestamp is null);
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_its_dependents_are_gone()
    {
        var ns = await fixture.NewNamespace();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment("web", "shop/web:1", replicas: 1), ns);
        await Eventually.Until(async () => (await Client.CoreV1.ListNamespacedPodAsync(ns)).Items, pods => pods.Count == 1, "the pod");

        // The answer to the DELETE is the owner as it stays meanwhile: marked, with the foregroundDeletion finalizer.
        var (code, owner) = await fixture.Send(HttpMethod.Delete, $"/apis/apps/v1/namespaces/{ns}/deployments/web",
            """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}""");

        Assert.Equal(200, code);
        Assert.Contains("foregroundDeletion", owner["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.NotNull(owner["metadata"]!["deletionTimestamp"]);
        await Eventually.Until(async () => (await fixture.Send(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/deployments/web")).Code, code => code == 404, "the deployment to go");
        Assert.Empty((await Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items);
    }
}
