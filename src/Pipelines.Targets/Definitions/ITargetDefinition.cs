using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Pipelines.Targets;

/// <summary>The fluent vocabulary a target uses to describe itself.</summary>
public interface ITargetDefinition
{
    /// <summary>One line shown by <c>--help</c>.</summary>
    ITargetDefinition Description(string description);

    /// <summary>The heading <c>--help</c> lists this target under (a stage: "V1 · deploy from CI"); targets without one
    /// come last, under "Other targets".</summary>
    ITargetDefinition Group(string heading);

    /// <summary>A command line <c>&lt;target&gt; --help</c> shows, with what it does; give two or three, the common case first.</summary>
    ITargetDefinition Example(string commandLine, string? explanation = null);

    /// <summary>These targets run first, and join the plan whenever this target does.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Dependencies named by string, for targets declared in another class.</summary>
    ITargetDefinition DependsOn(params string[] targetNames);

    /// <summary>When both are planned, this target runs after these (ordering only).</summary>
    ITargetDefinition After(params Target[] targets);

    ITargetDefinition After(params string[] targetNames);

    /// <summary>When both are planned, this target runs before these (ordering only).</summary>
    ITargetDefinition Before(params Target[] targets);

    ITargetDefinition Before(params string[] targetNames);

    /// <summary>These targets join the plan after this one whenever this one is planned.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    ITargetDefinition Triggers(params string[] targetNames);

    /// <summary>Evaluated just before the target would run; when false the target is skipped, and the
    /// summary shows the condition's source text as the reason.</summary>
    ITargetDefinition OnlyWhen(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string conditionText = "");

    /// <summary>The plan is refused (exit 2) before anything runs when this parameter has no value.</summary>
    ITargetDefinition Requires<T>(Expression<Func<T>> parameter);

    /// <summary>A failure of this target does not stop the targets that do not depend on it.</summary>
    ITargetDefinition ProceedAfterFailure();

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);
}
