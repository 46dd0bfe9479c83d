using System.Reflection;

namespace Pipelines.Targets.Parameters;

/// <summary>One parameter, possibly declared by several target sets (they then share its value).</summary>
internal sealed class ParameterDefinition
{
    public ParameterDefinition(string memberName, Type type, ParameterAttribute attribute, bool isSecret, ValueRangeAttribute? range = null)
    {
        Range = range;
        MemberName = memberName;
        Type = type;
        Description = attribute.Description;
        ExtraEnvironmentVariables = attribute.EnvironmentVariables;
        IsSecret = isSecret;
        CommandLineName = Naming.ToKebabCase(memberName);
        EnvironmentVariable = "PIPELINES_" + CommandLineName.Replace('-', '_').ToUpperInvariant();
    }

    /// <summary>The member name, as written in parameters.json (<c>ConfigRepo</c>).</summary>
    public string MemberName { get; }

    /// <summary>Without dashes: <c>config-repo</c>.</summary>
    public string CommandLineName { get; }

    public string EnvironmentVariable { get; }

    public IReadOnlyList<string> ExtraEnvironmentVariables { get; }

    public string Description { get; }

    public Type Type { get; }

    public bool IsSecret { get; }

    /// <summary>The values a duration or number accepts (<see cref="ValueRangeAttribute"/>); null: any.</summary>
    public ValueRangeAttribute? Range { get; }

    /// <summary>The rules every string value must follow besides having no control characters, from every declaring set.</summary>
    public List<ValueRuleAttribute> Rules { get; } = [];

    public List<(TargetSet Owner, MemberInfo Member)> Members { get; } = [];

    public object? Value { get; set; }

    /// <summary>Where the value came from, for diagnostics: "command line", "PIPELINES_X", a file name, or null (default).</summary>
    public string? Source { get; set; }

    public Type ValueType => Nullable.GetUnderlyingType(Type) ?? Type;

    public bool IsBool => ValueType == typeof(bool);

    public bool IsArray => Type.IsArray;

    public object? Read(TargetSet owner, MemberInfo member) => member switch
    {
        FieldInfo field => field.GetValue(owner),
        PropertyInfo property => property.GetValue(owner),
        _ => null,
    };

    public void Inject(object? value)
    {
        Value = value;
        foreach (var (owner, member) in Members)
        {
            switch (member)
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
