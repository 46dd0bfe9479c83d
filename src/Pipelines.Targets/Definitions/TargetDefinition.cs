using System.Linq.Expressions;
using System.Reflection;

namespace Pipelines.Targets.Definitions;

/// <summary>What one target declared. References to other targets stay unresolved
/// (<see cref="TargetReference"/>) until every target of every class is known.</summary>
internal sealed class TargetDefinition : ITargetDefinition
{
    public TargetDefinition(string name, int declarationIndex, TargetSet owner)
    {
        Name = name;
        DeclarationIndex = declarationIndex;
        Owner = owner;
    }

    public string Name { get; }
    public int DeclarationIndex { get; }
    public TargetSet Owner { get; }
    public string? DescriptionText { get; private set; }
    public string? GroupHeading { get; private set; }
    public List<TargetExample> Examples { get; } = [];
    public List<TargetReference> Dependencies { get; } = [];
    public List<TargetReference> RunsAfter { get; } = [];
    public List<TargetReference> RunsBefore { get; } = [];
    public List<TargetReference> Triggered { get; } = [];
    public List<Condition> Conditions { get; } = [];
    public List<LambdaExpression> RequiredParameters { get; } = [];
    public bool ProceedsAfterFailure { get; private set; }
    public List<Func<Task>> Actions { get; } = [];

    public ITargetDefinition Description(string description) => With(() => DescriptionText = description);

    public ITargetDefinition Group(string heading) => With(() => GroupHeading = heading);

    public ITargetDefinition Example(string commandLine, string? explanation = null) => With(() => Examples.Add(new TargetExample(commandLine, explanation)));

    public ITargetDefinition DependsOn(params Target[] targets) => Add(Dependencies, targets);
    public ITargetDefinition DependsOn(params string[] targetNames) => Add(Dependencies, targetNames);
    public ITargetDefinition After(params Target[] targets) => Add(RunsAfter, targets);
    public ITargetDefinition After(params string[] targetNames) => Add(RunsAfter, targetNames);
    public ITargetDefinition Before(params Target[] targets) => Add(RunsBefore, targets);
    public ITargetDefinition Before(params string[] targetNames) => Add(RunsBefore, targetNames);
    public ITargetDefinition Triggers(params Target[] targets) => Add(Triggered, targets);
    public ITargetDefinition Triggers(params string[] targetNames) => Add(Triggered, targetNames);

    public ITargetDefinition OnlyWhen(Func<bool> condition, string conditionText = "") =>
        With(() => Conditions.Add(new Condition(condition, conditionText)));

    public ITargetDefinition Requires<T>(Expression<Func<T>> parameter) => With(() => RequiredParameters.Add(parameter));

    public ITargetDefinition ProceedAfterFailure() => With(() => ProceedsAfterFailure = true);

    public ITargetDefinition Executes(Action action) => With(() => Actions.Add(() =>
    {
        action();
        return Task.CompletedTask;
    }));

    public ITargetDefinition Executes(Func<Task> action) => With(() => Actions.Add(action));

    /// <summary>The parameter a <c>Requires(() => X)</c> names: <c>X</c>.</summary>
    public static string MemberNameOf(LambdaExpression requirement) =>
        (requirement.Body is UnaryExpression unary ? unary.Operand : requirement.Body) is MemberExpression member ? member.Member.Name : requirement.Body.ToString();

    /// <summary>The current value of a requirement such as <c>() => ConfigRepo</c>. Member reads are evaluated by reflection:
    /// compiling the expression would emit IL and load Reflection.Emit, about 10 ms of every run's start-up.</summary>
    public static object? ValueOf(LambdaExpression requirement) => Evaluate(requirement.Body);

    private static object? Evaluate(Expression expression) => expression switch
    {
        ConstantExpression constant => constant.Value,
        MemberExpression { Member: PropertyInfo property } member => property.GetValue(member.Expression is null ? null : Evaluate(member.Expression)),
        MemberExpression { Member: FieldInfo field } member => field.GetValue(member.Expression is null ? null : Evaluate(member.Expression)),
        UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert when !convert.Type.IsValueType || convert.Type == convert.Operand.Type
            => Evaluate(convert.Operand),
        _ => Expression.Lambda(expression).Compile(preferInterpretation: true).DynamicInvoke(),
    };

    private TargetDefinition Add(List<TargetReference> list, Target[] targets) =>
        With(() => list.AddRange(targets.Select(t => new TargetReference(t, null))));

    private TargetDefinition Add(List<TargetReference> list, string[] names) =>
        With(() => list.AddRange(names.Select(n => new TargetReference(null, n))));

    private TargetDefinition With(Action change)
    {
        change();
        return this;
    }
}

/// <summary>A target named by delegate (same class, or another class's instance) or by name.</summary>
internal sealed record TargetReference(Target? Delegate, string? Name);

internal sealed record Condition(Func<bool> Evaluate, string Text);

internal sealed record TargetExample(string CommandLine, string? Explanation);
