using System.Reflection;

namespace Pipelines.Targets.Parameters;

/// <summary>
/// Finds the parameters of every target set: its own fields and properties marked <see cref="ParameterAttribute"/> (its
/// base classes' first), then the properties so marked of every component interface it implements
/// (<see cref="IParameterComponent"/>). A parameter is declared once: the same declaration reached through several sets
/// (a component several sets implement, a base class several derive from) is one parameter, but two declarations of one
/// name are a build definition error naming both — never a silent choice of one description, default or rule set.
/// </summary>
internal static class ParameterCatalog
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static IReadOnlyList<ParameterDefinition> Discover(IEnumerable<TargetSet> sets)
    {
        // Keyed as the command line matches names (case and dashes ignored): two names it cannot tell apart are one name.
        var byName = new Dictionary<string, ParameterDefinition>(StringComparer.Ordinal);
        var ordered = new List<ParameterDefinition>();
        var duplicates = new List<string>();
        foreach (var set in sets)
        {
            var type = set.GetType();
            foreach (var (member, attribute) in OwnParameters(type).Concat(ComponentParameters(type)))
            {
                var declaration = Declaration(member);
                var key = Naming.Normalize(member.Name);
                if (byName.TryGetValue(key, out var existing))
                {
                    if (!existing.Declaration.HasSameMetadataDefinitionAs(declaration))
                    {
                        duplicates.Add($"Parameter --{existing.CommandLineName} is declared twice, as {existing.DeclaredAs} and as {NameOf(member)}.");
                    }
                    else if (!existing.Owners.Contains(set)) existing.Owners.Add(set);
                    continue;
                }
                var definition = Define(declaration, member, attribute);
                definition.Owners.Add(set);
                byName.Add(key, definition);
                ordered.Add(definition);
            }
        }
        if (duplicates.Count > 0)
        {
            // All of them at once: whoever converts a build to components fixes them in one go.
            throw new BuildDefinitionException(string.Join(Environment.NewLine, duplicates) +
                $" Declare {(duplicates.Count == 1 ? "it" : "each")} once, in a shared component interface (interface I… : IParameterComponent) that every set using it implements.");
        }
        var shortNameProblems = ShortNameProblems(ordered).ToList();
        if (shortNameProblems.Count > 0) throw new BuildDefinitionException(string.Join(Environment.NewLine, shortNameProblems));
        return ordered;
    }

    // -h is --help's; a letter is one parameter's, or the command line could not say which one -x sets.
    private static IEnumerable<string> ShortNameProblems(IReadOnlyList<ParameterDefinition> parameters)
    {
        foreach (var parameter in parameters.Where(p => p.ShortName is { } c && (!char.IsAsciiLetter(c) || c == 'h')))
        {
            yield return $"Parameter {parameter.DeclaredAs} has the short name '{parameter.ShortName}'; a short name is one ASCII letter other than h (-h is --help).";
        }
        foreach (var shared in parameters.Where(p => p.ShortName is not null).GroupBy(p => p.ShortName).Where(g => g.Count() > 1))
        {
            yield return $"Parameters {string.Join(" and ", shared.Select(p => p.DeclaredAs))} share the short name -{shared.Key}.";
        }
    }

    // The attributes are read from the member as found: an override inherits its base's and may add its own.
    private static ParameterDefinition Define(MemberInfo declaration, MemberInfo member, ParameterAttribute attribute)
    {
        var type = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
        if (!ValueConverter.Supports(type))
        {
            throw new BuildDefinitionException(
                $"Parameter {NameOf(member)} has type {type.Name}; use string, bool, int, long, an enum, TimeSpan or an array of those.");
        }
        return new ParameterDefinition(declaration, type, attribute, member.GetCustomAttribute<SecretAttribute>() is not null, CheckedRange(member, type),
            member.GetCustomAttributes<ValueRuleAttribute>().ToList());
    }

    // A range that cannot be read, or on a type without one, is the build definition's mistake, found before anything runs.
    private static ValueRangeAttribute? CheckedRange(MemberInfo member, Type type)
    {
        var range = member.GetCustomAttribute<ValueRangeAttribute>();
        if (range is null) return null;
        var element = Nullable.GetUnderlyingType(type.IsArray ? type.GetElementType()! : type) ?? (type.IsArray ? type.GetElementType()! : type);
        var readable = element == typeof(TimeSpan)
            ? ValueConverter.ParseDuration(range.Minimum) is { } min && ValueConverter.ParseDuration(range.Maximum) is { } max && min <= max
            : (element == typeof(int) || element == typeof(long)) && long.TryParse(range.Minimum, out var low) && long.TryParse(range.Maximum, out var high) && low <= high;
        return readable ? range : throw new BuildDefinitionException(
            $"Parameter {NameOf(member)}: [ValueRange(\"{range.Minimum}\", \"{range.Maximum}\")] needs a duration or number parameter and two values in order, e.g. (\"5s\", \"1h\") or (\"1\", \"100\").");
    }

    // A set's own members, base-class members first, so that a set's parameters keep the order they are written in. The
    // runner sets their values into each set (a property needs a setter).
    private static IEnumerable<(MemberInfo Member, ParameterAttribute Attribute)> OwnParameters(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(TargetSet) && t != typeof(object); t = t.BaseType) chain.Push(t);
        foreach (var t in chain)
        {
            foreach (var member in t.GetMembers(Members | BindingFlags.DeclaredOnly).Where(m => m is FieldInfo or PropertyInfo).OrderBy(m => m.MetadataToken))
            {
                if (member.GetCustomAttribute<ParameterAttribute>() is not { } attribute) continue;
                if (member is PropertyInfo { CanWrite: false })
                {
                    throw new BuildDefinitionException($"Parameter {NameOf(member)} needs a setter (or make it a field).");
                }
                yield return (member, attribute);
            }
        }
    }

    // An override of a parameter property is the parameter its base declares (set and read through it, virtually).
    private static MemberInfo Declaration(MemberInfo member)
    {
        if (member is not PropertyInfo property || (property.GetMethod ?? property.SetMethod)?.GetBaseDefinition() is not { } root) return member;
        return root.DeclaringType == property.DeclaringType
            ? member
            : root.DeclaringType!.GetProperty(property.Name, Members | BindingFlags.DeclaredOnly) ?? member;
    }

    // The components a set implements, in a stable order (the runtime promises none for GetInterfaces), each one's
    // parameters in the order they are written. The value of each is the run's, read by its default body from the store.
    private static IEnumerable<(MemberInfo Member, ParameterAttribute Attribute)> ComponentParameters(Type type)
    {
        foreach (var component in type.GetInterfaces().OrderBy(i => i.FullName, StringComparer.Ordinal))
        {
            InterfaceMapping? map = null;
            foreach (var property in component.GetProperties(Members | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
            {
                if (property.GetCustomAttribute<ParameterAttribute>() is not { } attribute) continue;
                var getter = property.GetMethod;
                if (getter is null || getter.IsAbstract)
                {
                    var typeName = CSharpName(property);
                    throw new BuildDefinitionException(
                        $"Parameter {NameOf(property)} has no body, so nothing would read the run's value. Write it as a default member that reads it: " +
                        $"{typeName} {property.Name} => this.Value<{typeName}>(); (or => this.Value(<default>)), in an interface deriving from IParameterComponent.");
                }
                map ??= type.GetInterfaceMap(component);
                var implementation = map.Value.TargetMethods[Array.IndexOf(map.Value.InterfaceMethods, getter)];
                if (implementation.DeclaringType is { IsInterface: false } implementer)
                {
                    throw new BuildDefinitionException(
                        $"{implementer.Name}.{property.Name} re-implements the parameter {NameOf(property)}, so the run's value would never be read. " +
                        $"Remove it, and read the parameter through the interface: (({component.Name})this).{property.Name}.");
                }
                yield return (property, attribute);
            }
        }
    }

    private static string NameOf(MemberInfo member) => $"{member.DeclaringType!.Name}.{member.Name}";

    // For a message that shows the line to write: string?, TimeSpan, string[].
    private static string CSharpName(PropertyInfo property)
    {
        var type = property.PropertyType;
        var nullable = !type.IsValueType && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;
        return Name(type) + (nullable ? "?" : "");

        static string Name(Type type) =>
            Nullable.GetUnderlyingType(type) is { } inner ? Name(inner) + "?"
            : type.IsArray ? Name(type.GetElementType()!) + "[]"
            : type == typeof(string) ? "string"
            : type == typeof(bool) ? "bool"
            : type == typeof(int) ? "int"
            : type == typeof(long) ? "long"
            : type.Name;
    }
}
