namespace Pipelines.Targets.Parameters;

/// <summary>
/// The per-run store that component parameters (<see cref="IParameterComponent"/>) read: one entry per parameter a
/// component declares, holding the value the runner resolved once for the run. Attached to every set of the run after
/// the values are resolved and before anything asks them (requirements, <c>ParameterProblems</c>, conditions, targets),
/// so every set that implements a component reads the same value.
/// </summary>
internal sealed class ParameterValues
{
    private readonly Dictionary<string, ParameterDefinition> _parameters;

    public ParameterValues(IEnumerable<ParameterDefinition> parameters) =>
        _parameters = parameters.Where(p => p.IsComponentMember).ToDictionary(p => p.MemberName, StringComparer.Ordinal);

    public T Get<T>(string name, T fallback)
    {
        if (!_parameters.TryGetValue(name, out var parameter))
        {
            throw new BuildDefinitionException(
                $"{name} is not a parameter, yet it reads a parameter's value: this.Value() reads the parameter named by the property it is called from. " +
                $"Mark {name} [Parameter(\"…\")], or read the parameter it means through its own property.");
        }
        if (!parameter.IsGiven) return fallback;
        return parameter.Value switch
        {
            T value => value,
            null => default!, // null in parameters.json: as a set's own member, a value type gets its zero
            _ => throw new BuildDefinitionException(
                $"Parameter {parameter.DeclaredAs} is declared as {parameter.Type.Name} but its getter reads it as {typeof(T).Name}; give this.Value the property's type."),
        };
    }
}
