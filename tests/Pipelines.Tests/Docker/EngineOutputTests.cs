using Pipelines.Diagnostics;
using Docker.DotNet.Models;
using Pipelines.Docker;
using Pipelines.Targets;

namespace Pipelines.Tests.Docker;

/// <summary>How the engine's JSON messages become log lines and failure messages, without an engine.</summary>
public sealed class EngineOutputTests
{
    readonly StringWriter _log = new() { NewLine = "\n" };

    [Fact]
    public void Build_output_joins_lines_split_across_messages_and_names_the_failing_step()
    {
        var output = new BuildOutput(TextLog.To(_log));
        output.Report(new JSONMessage { Stream = "Step 1/2 : FROM scratch\n ---> \nStep 2/2 : RUN ma" });
        output.Report(new JSONMessage { Stream = "ke test\n" });
        output.Report(new JSONMessage { Error = new JSONError { Message = "The command 'make test' returned a non-zero code: 2" } });

        Assert.Equal("Step 1/2 : FROM scratch\n ---> \nStep 2/2 : RUN make test\n", _log.ToString());
        Assert.Equal("step 2/2 (RUN make test) failed: The command 'make test' returned a non-zero code: 2", output.FailureMessage());
    }

    [Fact]
    public void Push_output_logs_a_few_lines_per_layer_and_keeps_the_digest()
    {
        var output = new PushOutput(TextLog.To(_log));
        for (var current = 0L; current <= 50 << 20; current += 512 << 10)
            output.Report(new JSONMessage { ID = "abc123", Status = "Pushing", Progress = new JSONProgress { Current = current, Total = 50 << 20 } });
        output.Report(new JSONMessage { ID = "abc123", Status = "Pushed" });
        output.Report(new JSONMessage { ID = "def456", Status = "Layer already exists" });
        var digest = "sha256:" + new string('e', 64);
        output.Report(new JSONMessage { Status = $"bench: digest: {digest} size: 739" });

        var lines = _log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["abc123: pushing 50.0 MB", "abc123: 25% of 50.0 MB", "abc123: 50% of 50.0 MB", "abc123: 75% of 50.0 MB", "abc123: pushed",
            "def456: already in the registry", $"bench: digest: {digest} size: 739"], lines);
        Assert.Equal(digest, output.Digest);
        Assert.Equal((1, 1), (output.LayersPushed, output.LayersExisting));
    }
}
