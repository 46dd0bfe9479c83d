using System.Reflection;

namespace Pipelines.Targets.Parameters;

/// <summary>One parameter: one declaration (a set's own field or property, or a component interface's property), used by
/// every set that has it (a base class's member through each derived set, a component's through each set implementing it).</summary>
internal sealed class ParameterDefinition
{
    public ParameterDefinition(MemberInfo declaration, Type type, ParameterAttribute attribute, bool isSecret, ValueRangeAttribute? range,
        IReadOnlyList<ValueRuleAttribute> rules)
    {
        Declaration = declaration;
        Range = range;
        Rules = rules;
        Type = type;
        Description = attribute.Description;
        ExtraEnvironmentVariables = attribute.EnvironmentVariables;
        IsSecret = isSecret;
        ShortName = attribute.Short == '\0' ? null : attribute.Short;
        IsCommon = attribute.Common;
        IsRefusedWhereUnused = attribute.RefusedWhereUnused;
        CommandLineName = Naming.ToKebabCase(MemberName);
        EnvironmentVariable = "PIPELINES_" + CommandLineName.Replace('-', '_').ToUpperInvariant();
    }

    /// <summary>The member that declares it: a field or property of a set's class, or a property of a component interface.</summary>
    public MemberInfo Declaration { get; }

    /// <summary>Declared by a component interface: read from the run's <see cref="ParameterValues"/>, never injected.</summary>
    public bool IsComponentMember => Declaration.DeclaringType!.IsInterface;

    /// <summary>For messages: <c>IConfigRepoParameters.ConfigRepo</c>, <c>Build.Configuration</c>.</summary>
    public string DeclaredAs => $"{Declaration.DeclaringType!.Name}.{Declaration.Name}";

    /// <summary>The member name, as written in parameters.json (<c>ConfigRepo</c>).</summary>
    public string MemberName => Declaration.Name;

    /// <summary>Without dashes: <c>config-repo</c>.</summary>
    public string CommandLineName { get; }

    public string EnvironmentVariable { get; }

    /// <summary>The one-letter alias (<c>o</c> for <c>-o</c>), if any.</summary>
    public char? ShortName { get; }

    /// <summary>Listed by the global help (<see cref="ParameterAttribute.Common"/>).</summary>
    public bool IsCommon { get; }

    /// <summary>Unused on a command line, it is a usage error (<see cref="ParameterAttribute.RefusedWhereUnused"/>).</summary>
    public bool IsRefusedWhereUnused { get; }

    public IReadOnlyList<string> ExtraEnvironmentVariables { get; }

    public string Description { get; }

    public Type Type { get; }

    public bool IsSecret { get; }

    /// <summary>The values a duration or number accepts (<see cref="ValueRangeAttribute"/>); null: any.</summary>
    public ValueRangeAttribute? Range { get; }

    /// <summary>The rules every string value must follow besides having no control characters.</summary>
    public IReadOnlyList<ValueRuleAttribute> Rules { get; }

    /// <summary>The sets of the run that have this parameter, in the order they were given to the runner.</summary>
    public List<TargetSet> Owners { get; } = [];

    public object? Value { get; set; }

    /// <summary>Where the value came from, for diagnostics: "command line", "PIPELINES_X", a file name, or null (default).</summary>
    public string? Source { get; set; }

    /// <summary>A source gave the value; otherwise <see cref="Value"/> is the default written in code.</summary>
    public bool IsGiven => Source is not null;

    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;

    public bool IsBool => ValueType == typeof(bool);

    public bool IsArray => Type.IsArray;

    /// <summary>The default written in code: a field's or property's initial value, or what a component's getter returns
    /// with no value in the store (its <c>this.Value(default)</c>); asked before the run's values are attached.</summary>
    /// <remarks>A component's default is read by calling its getter rather than from an attribute: it is then written once,
    /// where the value is read and in the parameter's own type (<c>TimeSpan.FromMinutes(5)</c>, an enum, <c>[]</c>, which an
    /// attribute, taking only constants, could not all hold), and read the way a set's own member's initialiser always was;
    /// so <c>--help</c>, the generated CI files and the target itself cannot disagree about it.</remarks>
    public object? ReadDefault()
    {
        try
        {
            return Declaration switch
            {
                FieldInfo field => field.GetValue(Owners[0]),
                PropertyInfo property => property.GetValue(Owners[0]), // a component's property: the set's default implementation
                _ => null,
            };
        }
        catch (TargetInvocationException e) when (e.InnerException is { } cause)
        {
            throw new BuildDefinitionException(
                $"The default of parameter {DeclaredAs} could not be read ({cause.GetType().Name}: {cause.Message}). A default is read before the run has " +
                "values, for --help and generated CI files: write one that needs nothing of the run, and compute a run's own default in the target.");
        }
    }

    /// <summary>The value a source gave: kept for the components' store, and set into each owner's own field or property.</summary>
    public void Inject(object? value)
    {
        Value = value;
        if (IsComponentMember) return;
        foreach (var owner in Owners)
        {
            switch (Declaration)
            {
                case FieldInfo field: field.SetValue(owner, value); break;
                case PropertyInfo property: property.SetValue(owner, value); break;
            }
        }
    }

    /// <summary>How <c>--help</c> names the value: <c>&lt;string&gt;</c>, <c>&lt;Debug|Release&gt;</c>, <c>[true|false]</c>.</summary>
    public string ValueHint()
    {
        if (IsSecret) return "<secret>";
        if (IsBool) return "[true|false]";
        var element = IsArray ? Type.GetElementType()! : ValueType;
        var hint = element.IsEnum
            ? string.Join('|', Enum.GetNames(element).Select(Naming.ToKebabCase))
            : element == typeof(TimeSpan) ? "duration"
            : element == typeof(int) || element == typeof(long) ? "number"
            : "string";
        return IsArray ? $"<{hint}...>" : $"<{hint}>";
    }
}
