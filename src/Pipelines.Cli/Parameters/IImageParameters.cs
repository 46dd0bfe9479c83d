using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary><c>--image</c>: one image, named in full — the one PushImage pushes instead of building one, the one SetImage,
/// UpdateConfigRepo and Release release, the one Unreject lets automation release again.</summary>
public interface IImageParameters : IParameterComponent
{
    // One description for DockerTargets' and the config repo targets' --image, which were declared apart until issue 21.
    [Parameter("The image, e.g. registry.example.com/team/app:1.4.2: to push (PushImage, instead of building one), to release (SetImage and " +
        "UpdateConfigRepo, default: what PushImage pushed in this job; Release), or to allow again (Unreject).", Common = true)]
    string? Image => this.Value<string?>();
}
