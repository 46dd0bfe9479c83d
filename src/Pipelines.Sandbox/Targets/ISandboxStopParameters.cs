using Pipelines.Targets;

namespace Pipelines.Sandbox.Targets;

/// <summary><c>--stop</c>: Sandbox stops the sandbox instead of starting it.</summary>
public interface ISandboxStopParameters : IParameterComponent
{
    [Parameter("Sandbox: stop every process of the sandbox and remove its folder.")]
    bool Stop => this.Value(false);
}
