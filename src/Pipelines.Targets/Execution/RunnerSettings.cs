namespace Pipelines.Targets;

/// <summary>How a host (this repository's build/, the packaged tool) presents the runner.</summary>
public sealed class RunnerSettings
{
    /// <summary><c>.nuke</c> for a repository's own build, <c>.pipelines</c> for the packaged tool.</summary>
    public required string SettingsFolder { get; init; }

    /// <summary>How users invoke it, for messages: <c>./build.sh</c>, <c>pipelines</c>.</summary>
    public required string ToolName { get; init; }

    /// <summary>Runs when no target is named; without one, naming no target is a usage error.</summary>
    public string? DefaultTarget { get; init; }

    /// <summary>When no settings folder is found upward: false fails (a build needs its .nuke/), true uses the working directory.</summary>
    public bool WorkingDirectoryIsDefaultRoot { get; init; }

    /// <summary>How a generated CI file runs this build (default: <see cref="ToolName"/>, nothing to install).</summary>
    public CiToolInvocation? CiTool { get; init; }

    /// <summary>How long a target past its deadline (<see cref="TargetSet.TargetDeadline"/>) is given to stop on its own
    /// (giving up a lock takes a push) before it is abandoned.</summary>
    public TimeSpan DeadlineGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The order <c>--help</c> lists target groups in (<see cref="ITargetDefinition.Group"/>); groups not named here
    /// follow in the order their first target is declared, and "Other targets" comes last.</summary>
    public IReadOnlyList<string> GroupOrder { get; init; } = [];

    /// <summary>What <c>--version</c> prints after the tool's name (null: the runner's own version, the product's).</summary>
    public string? Version { get; init; }

    public string Logo { get; init; } = "Pipelines · continuous delivery for Kubernetes";

    // What follows is the outside world, replaceable so that every line of output is testable.
    public TextWriter Stdout { get; init; } = Console.Out;
    public TextWriter Stderr { get; init; } = Console.Error;
    /// <summary>The environment variables of the run (null: the process's): parameters, CI host detection, colour rules and
    /// <see cref="BuildContext.EnvironmentVariables"/> all read these.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Where the run starts (null: the process's working directory): the root is looked for upward from it, and it is
    /// <see cref="BuildContext.WorkingDirectory"/>.</summary>
    public string? WorkingDirectory { get; init; }
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public bool? StderrIsTerminal { get; init; }
}
