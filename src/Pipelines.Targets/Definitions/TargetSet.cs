namespace Pipelines.Targets;

/// <summary>
/// A class that declares targets (properties of type <see cref="Target"/>) and parameters: its own fields or properties
/// marked <see cref="ParameterAttribute"/>, and those of the component interfaces it implements
/// (<see cref="IParameterComponent"/>: the way to share a parameter between sets). A host composes any number of
/// them: this repository's build/ and the packaged <c>pipelines</c> tool share the product's sets.
/// </summary>
public abstract class TargetSet
{
    private BuildContext? _context;

    /// <summary>The run's values of component parameters; null outside a run (their getters then give their defaults).</summary>
    internal Parameters.ParameterValues? ParameterValues { get; set; }

    /// <summary>The run this set takes part in; available once the plan is made: to <see cref="ParameterProblems"/>,
    /// conditions and targets.</summary>
    public BuildContext Context
    {
        get => _context ?? throw new InvalidOperationException("The build context is set by the runner once the plan is made, before targets run.");
        internal set => _context = value;
    }

    protected Log Log => Context.Log;

    /// <summary>What is wrong with this set's parameter values taken together (e.g. two branches that must differ), one
    /// sentence each saying what to write instead. Asked before anything runs, when a target of this set is planned;
    /// any answer is a usage error (exit 2). A single value's own rules belong on the parameter
    /// (<see cref="ValueRangeAttribute"/>, <see cref="ValueRuleAttribute"/>).</summary>
    protected virtual IEnumerable<string> ParameterProblems() => [];

    internal IEnumerable<string> CheckParameters() => ParameterProblems();

    /// <summary>How long each of this set's targets may run in all; null (the default): no limit. When it passes,
    /// <see cref="BuildContext.Stopping"/> is cancelled (a target gives up what it holds, e.g. a lock), and a target still
    /// running a little later is abandoned: it fails, saying what it had done (<see cref="Log.Done"/>), and the run ends.</summary>
    protected internal virtual TimeSpan? TargetDeadline => null;

    protected string RootDirectory => Context.RootDirectory;

    /// <summary>The exit code a failure of this set's targets deserves, for exceptions the runner does not know (a library's
    /// own): 2 when the caller must fix the command, 1 for a failure whose message is written for users (it is printed
    /// without its type). Null, the default: an unexpected failure, reported with its type, exit 1.</summary>
    protected internal virtual int? ExitCodeOf(Exception exception) => null;
}
