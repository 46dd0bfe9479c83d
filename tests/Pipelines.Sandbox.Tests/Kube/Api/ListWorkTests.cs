using k8s;
using k8s.Models;
using Pipelines.Sandbox.Kube.Hosting;

namespace Pipelines.Sandbox.Tests.Kube.Api;

/// <summary>
/// A list looks at the objects it may answer, not at every object of its kind: N rollout waiters each listing their
/// workload's pods by its selector made the emulator's work grow with N² (issue 23). Config maps, which no controller
/// touches, in an emulator of its own, so that the count is the list's alone.
/// </summary>
public sealed class ListWorkTests : OwnEmulatorTests
{
    [Fact]
    public async Task A_list_by_a_label_value_looks_only_at_the_objects_carrying_it()
    {
        await Namespace("labelled");
        for (var i = 0; i < 40; i++) await ConfigMap("labelled", $"settings-{i}", ("app", $"web-{i % 20}"), ("tier", "front"));

        var (items, looked) = await Listed(() => Client.CoreV1.ListNamespacedConfigMapAsync("labelled", labelSelector: "tier=front,app=web-7"));

        Assert.Equal(["settings-27", "settings-7"], items);
        Assert.Equal(2, looked);
    }

    [Fact]
    public async Task A_list_in_a_namespace_looks_only_at_that_namespace()
    {
        await Namespace("small");
        await Namespace("large");
        for (var i = 0; i < 3; i++) await ConfigMap("small", $"settings-{i}");
        for (var i = 0; i < 40; i++) await ConfigMap("large", $"settings-{i}");

        var (items, looked) = await Listed(() => Client.CoreV1.ListNamespacedConfigMapAsync("small"));

        Assert.Equal(["settings-0", "settings-1", "settings-2"], items);
        Assert.Equal(3, looked);
    }

    [Fact]
    public async Task A_label_index_follows_relabelling_and_deletion()
    {
        await Namespace("moving");
        await ConfigMap("moving", "a", ("app", "web"));
        await ConfigMap("moving", "b", ("app", "web"));
        await ConfigMap("moving", "c", ("app", "api"));
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"labels":{"app":"api"}}}""", V1Patch.PatchType.MergePatch), "a", "moving");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("c", "moving");

        Assert.Equal(["b"], (await Client.CoreV1.ListNamespacedConfigMapAsync("moving", labelSelector: "app=web")).Items.Select(c => c.Metadata.Name));
        Assert.Equal(["a"], (await Client.CoreV1.ListNamespacedConfigMapAsync("moving", labelSelector: "app in (api)")).Items.Select(c => c.Metadata.Name));
        Assert.Equal(["a", "b"], (await Client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: "app")).Items
            .Where(c => c.Metadata.NamespaceProperty == "moving").Select(c => c.Metadata.Name));
    }

    private async Task<(IReadOnlyList<string> Names, long Looked)> Listed(Func<Task<V1ConfigMapList>> list)
    {
        var before = Emulator.Store.ObjectsListed;
        var items = (await list()).Items.Select(c => c.Metadata.Name).ToList();
        return (items, Emulator.Store.ObjectsListed - before);
    }

    private Task Namespace(string name) => Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });

    private Task ConfigMap(string ns, string name, params (string Key, string Value)[] labels) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = labels.ToDictionary(l => l.Key, l => l.Value) },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        }, ns);
}
