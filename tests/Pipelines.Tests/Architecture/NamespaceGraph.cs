using System.Reflection;
using System.Reflection.Emit;

namespace Pipelines.Tests.Architecture;

/// <summary>
/// Which namespaces each namespace of an assembly uses, read from the compiled code itself: base types, interfaces,
/// fields, properties, signatures, locals, and every type, method and field a method body refers to (its IL), with the
/// types a called method returns and a read field holds. So a dependency through <c>new GitLock(…)</c> inside a method
/// counts as much as one through a parameter type; a <c>using</c> that nothing uses does not count.
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>For each namespace of the assembly, the namespaces (of any assembly) its code refers to, each with every
    /// place it does, as "type uses type (where)".</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> Uses { get; }

    private NamespaceGraph(IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> uses) => Uses = uses;

    public static NamespaceGraph Of(Assembly assembly)
    {
        var uses = new Dictionary<string, Dictionary<string, HashSet<string>>>();
        foreach (var type in assembly.GetTypes())
        {
            var from = NamespaceOf(type);
            if (from is null) continue;
            if (!uses.TryGetValue(from, out var used)) uses[from] = used = new Dictionary<string, HashSet<string>>();
            foreach (var (referenced, where) in References(type))
            {
                foreach (var name in NamespacesOf(referenced))
                {
                    if (name == from) continue;
                    if (!used.TryGetValue(name, out var places)) used[name] = places = [];
                    places.Add($"{Outermost(type).FullName} uses {referenced.FullName ?? referenced.Name} ({where})");
                }
            }
        }
        return new NamespaceGraph(uses.ToDictionary(p => p.Key,
            p => (IReadOnlyDictionary<string, IReadOnlyList<string>>)p.Value.ToDictionary(u => u.Key, u => (IReadOnlyList<string>)u.Value.Order(StringComparer.Ordinal).ToList())));
    }

    /// <summary>The namespaces <paramref name="from"/> uses that start with <paramref name="prefix"/>, with the first place each is used.</summary>
    public IEnumerable<(string Namespace, string Example)> UsesOf(string from, string prefix) =>
        PlacesOf(from, prefix).GroupBy(p => p.Namespace).Select(g => g.First());

    /// <summary>Every place <paramref name="from"/> uses a namespace starting with <paramref name="prefix"/>.</summary>
    public IEnumerable<(string Namespace, string Place)> PlacesOf(string from, string prefix) =>
        Uses.TryGetValue(from, out var used)
            ? used.Where(u => u.Key == prefix || u.Key.StartsWith(prefix + ".", StringComparison.Ordinal)).SelectMany(u => u.Value.Select(place => (u.Key, place)))
            : [];

    // A compiler-generated type (a lambda's closure, an async state machine) belongs to the type it was written in.
    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    private static string? NamespaceOf(Type type) => Outermost(type).Namespace;

    private static IEnumerable<string> NamespacesOf(Type type)
    {
        if (type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var name in NamespacesOf(type.GetElementType()!)) yield return name;
            yield break;
        }
        if (NamespaceOf(type) is { } own) yield return own;
        if (type.IsGenericType) foreach (var argument in type.GetGenericArguments()) foreach (var name in NamespacesOf(argument)) yield return name;
    }

    private static IEnumerable<(Type Type, string Where)> References(Type type)
    {
        if (type.BaseType is { } baseType) yield return (baseType, "base type");
        foreach (var @interface in type.GetInterfaces()) yield return (@interface, "interface");
        foreach (var field in type.GetFields(All)) yield return (field.FieldType, $"field {field.Name}");
        foreach (var property in type.GetProperties(All)) yield return (property.PropertyType, $"property {property.Name}");
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info) yield return (info.ReturnType, $"{method.Name} returns");
            foreach (var parameter in method.GetParameters()) yield return (parameter.ParameterType, $"{method.Name} takes");
            foreach (var referenced in BodyReferences(method)) yield return referenced;
        }
    }

    // The method's locals, and its IL with each token operand resolved: the type it names, or the member it names with the
    // type declaring it, the type a called method returns and the type a read field holds.
    private static IEnumerable<(Type Type, string Where)> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return (local.LocalType, $"{method.Name} local");
        var il = body.GetILAsByteArray();
        if (il is null) yield break;
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodes[(short)(0xFE00 | il[i + 1])] : OpCodes[il[i]];
            i += code.Size;
            var operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok)
            {
                var member = Resolve(method.Module, BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                if (member is Type type) yield return (type, $"in {method.Name}");
                else if (member?.DeclaringType is { } owner) yield return (owner, $"{method.Name} uses {member.Name}");
                if (member is MethodInfo called)
                {
                    yield return (called.ReturnType, $"{method.Name} calls {member.Name}");
                    if (called.IsGenericMethod) foreach (var argument in called.GetGenericArguments()) yield return (argument, $"{method.Name} calls {member.Name}");
                }
                if (member is FieldInfo field) yield return (field.FieldType, $"{method.Name} reads {member.Name}");
            }
            i += operand;
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException)
        {
            return null; // a member of an assembly not loaded here (an optional dependency): not one of ours
        }
    }
}
