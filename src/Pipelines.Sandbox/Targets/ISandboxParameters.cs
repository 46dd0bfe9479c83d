using Pipelines.Targets;

namespace Pipelines.Sandbox.Targets;

/// <summary>Where the sandbox lives: Sandbox starts or stops it there, Demo runs against it.</summary>
public interface ISandboxParameters : IParameterComponent
{
    [Parameter("The sandbox's folder: state, logs and data (default: <settings>/temp/sandbox).")]
    string? SandboxDir => this.Value<string?>();
}
