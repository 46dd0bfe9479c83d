using CsCheck;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Pipelines.Sandbox.Tests.Kube.Controllers;

/// <summary>
/// The controllers run while API requests change what they are looking at, as a real cluster's do: a ReplicaSet or its
/// deployment deleted in the middle of a reconcile must end that object's pass, not the pass of every controller.
/// Seeded random sequences of creates, image changes, scales and deletes are sent without waiting for the controllers;
/// afterwards every controller pass must have completed, and every deployment left must converge. A failure prints
/// the seed: set CsCheck_Seed to replay it.
/// </summary>
public sealed class ConcurrentChangeTests : OwnEmulatorTests
{
    private const string Namespace = "churn";
    private static readonly string[] Names = ["web", "api", "worker"];

    private abstract record Step
    {
        public sealed record Create(string Name, int Replicas) : Step;
        public sealed record SetImage(string Name, int Tag) : Step;
        public sealed record Scale(string Name, int Replicas) : Step;
        public sealed record DeleteReplicaSets(string Name) : Step;
        public sealed record DeleteDeployment(string Name) : Step;
    }

    private static readonly Gen<string> AnyName = Gen.OneOf(Names);

    private static readonly Gen<Step> AnyStep = Gen.OneOf<Step>(
        Gen.Select(AnyName, Gen.Int[0, 3], (n, r) => (Step)new Step.Create(n, r)),
        Gen.Select(AnyName, Gen.Int[1, 4], (n, t) => (Step)new Step.SetImage(n, t)),
        Gen.Select(AnyName, Gen.Int[0, 3], (n, r) => (Step)new Step.Scale(n, r)),
        AnyName.Select(n => (Step)new Step.DeleteReplicaSets(n)),
        AnyName.Select(n => (Step)new Step.DeleteDeployment(n)));

    [Fact]
    public async Task Deleting_replica_sets_and_deployments_during_rollouts_never_fails_a_controller_pass()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        await AnyStep.Array[120].SampleAsync(async steps =>
        {
            var faultsBefore = Emulator.ControllerFaults;
            // One lane per deployment, the lanes at once: each deployment's steps in their order, racing the others'.
            await Task.WhenAll(steps.GroupBy(Target).Select(async lane =>
            {
                foreach (var step in lane) await Apply(step);
            }));
            await EveryDeploymentConverges();
            Assert.Equal(faultsBefore, Emulator.ControllerFaults);
        }, iter: 10, threads: 1,
           print: steps => string.Join("; ", steps.Select(s => s.ToString())));
    }

    private static string Target(Step step) => step switch
    {
        Step.Create c => c.Name,
        Step.SetImage s => s.Name,
        Step.Scale s => s.Name,
        Step.DeleteReplicaSets d => d.Name,
        Step.DeleteDeployment d => d.Name,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private async Task Apply(Step step)
    {
        try
        {
            switch (step)
            {
                case Step.Create c:
                    await Client.AppsV1.CreateNamespacedDeploymentAsync(Workloads.Deployment(c.Name, Image(c.Name, 1), c.Replicas), Namespace);
                    break;
                case Step.SetImage s:
                    await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
                        Json(new { spec = new { template = new { spec = new { containers = new[] { new { name = s.Name, image = Image(s.Name, s.Tag) } } } } } }),
                        V1Patch.PatchType.StrategicMergePatch), s.Name, Namespace);
                    break;
                case Step.Scale s:
                    await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
                        Json(new { spec = new { replicas = s.Replicas } }), V1Patch.PatchType.MergePatch), s.Name, Namespace);
                    break;
                case Step.DeleteReplicaSets d:
                    await Client.AppsV1.DeleteCollectionNamespacedReplicaSetAsync(Namespace, labelSelector: $"app={d.Name}");
                    break;
                case Step.DeleteDeployment d:
                    await Client.AppsV1.DeleteNamespacedDeploymentAsync(d.Name, Namespace);
                    break;
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            // Creating what exists or changing what is gone: the API's answer, not the controllers' concern.
        }
    }

    /// <summary>Each deployment left has its replicas all updated and available, and no ReplicaSet outlives its deployment.</summary>
    private async Task EveryDeploymentConverges() =>
        await Eventually.Until(async () =>
        {
            var deployments = (await Client.AppsV1.ListNamespacedDeploymentAsync(Namespace)).Items;
            var replicaSets = (await Client.AppsV1.ListNamespacedReplicaSetAsync(Namespace)).Items;
            var names = deployments.Select(d => d.Name()).ToHashSet();
            var unsettled = deployments
                .Where(d => d.Status?.ObservedGeneration != d.Metadata.Generation
                            || (d.Status?.UpdatedReplicas ?? 0) != d.Spec.Replicas
                            || (d.Status?.AvailableReplicas ?? 0) != d.Spec.Replicas
                            || (d.Status?.Replicas ?? 0) != d.Spec.Replicas)
                .Select(d => d.Name())
                .Concat(replicaSets.Where(rs => !names.Contains(rs.Labels()["app"])).Select(rs => "orphan " + rs.Name()))
                .ToList();
            return unsettled;
        }, unsettled => unsettled.Count == 0, "every deployment to converge", timeoutSeconds: 60);

    private static string Json(object patch) => System.Text.Json.JsonSerializer.Serialize(patch);

    private static string Image(string name, int tag) => $"registry.test/shop/{name}:1.{tag}.0";
}
