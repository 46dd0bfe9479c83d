using Pipelines.Images;
using Pipelines.Targets;

namespace Pipelines.Cli;

/// <summary>How targets that take <c>--image</c> straight to a registry or cluster (PushImage, SetImage) read it: with the one
/// image grammar the release planner uses too, so a value one target refuses no other accepts. A bad value is a usage error
/// (exit 2) naming the value, the part and the rule, raised before anything is reached.</summary>
internal static class ImageParameter
{
    public static ImageReference Parse(string text) =>
        ImageReference.TryParse(text, out var image, out var error) ? image : throw new UsageException($"--image {text}: {error.Message}");
}
