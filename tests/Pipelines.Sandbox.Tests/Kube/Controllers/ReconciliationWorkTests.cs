using k8s;
using k8s.Models;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Controllers;

/// <summary>
/// The controllers work from what changed, as real ones do from their informers' queues: rolling out a deployment
/// costs the same whether the cluster holds ten others or thousands, so syncing N workloads is linear in N.
/// </summary>
public sealed class ReconciliationWorkTests : OwnEmulatorTests
{
    [Fact]
    public async Task Rolling_out_a_deployment_reads_no_more_objects_when_the_cluster_holds_more_deployments()
    {
        var few = await ObjectsReadPerDeploymentRolledOut("few", count: 10);
        var many = await ObjectsReadPerDeploymentRolledOut("many", count: 60);

        // The same work per deployment, give or take how the controllers' passes happen to batch the changes; work that
        // grows with the objects stored (a pass over everything per change) reads several times more for the second set.
        Assert.True(many <= 2 * few, $"{many:0} objects read per deployment among 70, {few:0} among 10");
    }

    private async Task<double> ObjectsReadPerDeploymentRolledOut(string ns, int count)
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var before = Emulator.ControllerObjectsRead;
        for (var i = 0; i < count; i++)
            await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment($"web-{i}", "registry.test/shop/web:1.0.0", replicas: 1), ns);
        await Eventually.Until(async () => (await Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items.Count(d => d.Status?.AvailableReplicas == 1),
            available => available == count, $"{count} deployments available in {ns}", timeoutSeconds: 60);
        await Eventually.Until(async () =>
        {
            var read = Emulator.ControllerObjectsRead;
            await Task.Delay(300);
            return Emulator.ControllerObjectsRead - read;
        }, readSince => readSince == 0, "the controllers to settle");
        return (double)(Emulator.ControllerObjectsRead - before) / count;
    }
}
