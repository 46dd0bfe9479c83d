using System.Reflection;

namespace Pipelines.Targets.Parameters;

/// <summary>Finds the parameters every target set declares. A name declared by two sets is one parameter.</summary>
internal static class ParameterCatalog
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static IReadOnlyList<ParameterDefinition> Discover(IEnumerable<TargetSet> sets)
    {
        var byName = new Dictionary<string, ParameterDefinition>(StringComparer.OrdinalIgnoreCase);
        var ordered = new List<ParameterDefinition>();
        foreach (var set in sets)
        {
            foreach (var member in AllMembers(set.GetType()))
            {
                var attribute = member.GetCustomAttribute<ParameterAttribute>();
                if (attribute is null) continue;
                var type = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
                if (!ValueConverter.Supports(type))
                {
                    throw new BuildDefinitionException(
                        $"Parameter {set.GetType().Name}.{member.Name} has type {type.Name}; use string, bool, int, long, an enum, TimeSpan or an array of those.");
                }
                if (member is PropertyInfo { CanWrite: false })
                {
                    throw new BuildDefinitionException($"Parameter {set.GetType().Name}.{member.Name} needs a setter (or make it a field).");
                }

                if (!byName.TryGetValue(member.Name, out var definition))
                {
                    definition = new ParameterDefinition(member.Name, type, attribute, member.GetCustomAttribute<SecretAttribute>() is not null,
                        CheckedRange(set, member, type));
                    byName.Add(member.Name, definition);
                    ordered.Add(definition);
                }
                else if (definition.Type != type)
                {
                    throw new BuildDefinitionException(
                        $"Parameter {member.Name} is declared as {definition.Type.Name} and as {type.Name} ({set.GetType().Name}); shared parameters need one type.");
                }
                definition.Members.Add((set, member));
                foreach (var rule in member.GetCustomAttributes<ValueRuleAttribute>()) if (!definition.Rules.Any(r => r.GetType() == rule.GetType())) definition.Rules.Add(rule);
            }
        }
        return ordered;
    }

    // A range that cannot be read, or on a type without one, is the build definition's mistake, found before anything runs.
    private static ValueRangeAttribute? CheckedRange(TargetSet set, MemberInfo member, Type type)
    {
        var range = member.GetCustomAttribute<ValueRangeAttribute>();
        if (range is null) return null;
        var element = Nullable.GetUnderlyingType(type.IsArray ? type.GetElementType()! : type) ?? (type.IsArray ? type.GetElementType()! : type);
        var readable = element == typeof(TimeSpan)
            ? ValueConverter.ParseDuration(range.Minimum) is { } min && ValueConverter.ParseDuration(range.Maximum) is { } max && min <= max
            : (element == typeof(int) || element == typeof(long)) && long.TryParse(range.Minimum, out var low) && long.TryParse(range.Maximum, out var high) && low <= high;
        return readable ? range : throw new BuildDefinitionException(
            $"Parameter {set.GetType().Name}.{member.Name}: [ValueRange(\"{range.Minimum}\", \"{range.Maximum}\")] needs a duration or number parameter and two values in order, e.g. (\"5s\", \"1h\") or (\"1\", \"100\").");
    }

    // Base-class members first, so that a set's parameters keep the order they are written in.
    private static IEnumerable<MemberInfo> AllMembers(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(TargetSet) && t != typeof(object); t = t.BaseType) chain.Push(t);
        foreach (var t in chain)
        {
            foreach (var member in t.GetMembers(Members | BindingFlags.DeclaredOnly).Where(m => m is FieldInfo or PropertyInfo).OrderBy(m => m.MetadataToken))
            {
                yield return member;
            }
        }
    }
}
