using System.Reflection;
using System.Reflection.Emit;
using Pipelines.ConfigRepo;
using Pipelines.Locking;

namespace Pipelines.Tests.Locking;

/// <summary>
/// The dependency between the config repo and the locks runs one way: Pipelines.Locking uses Pipelines.ConfigRepo (the git
/// lock is a branch of the config repo, kept in its object cache); the config repo's update loop knows the lock only as the
/// <see cref="IUpdateLock"/> it defines. Checked over the compiled assembly — signatures, and method bodies instruction by
/// instruction — so that a cycle coming back fails here rather than in a review.
/// </summary>
public sealed class LayerTests
{
    private const string ConfigRepo = "Pipelines.ConfigRepo";
    private const string Locking = "Pipelines.Locking";

    [Fact]
    public void No_type_of_the_config_repo_refers_to_a_type_of_the_locks()
    {
        var found = References(typeof(ConfigRepository).Assembly, ConfigRepo, Locking);

        Assert.True(found.Count == 0, $"{ConfigRepo} must not use {Locking}; it does:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_locks_do_use_the_config_repo_so_the_check_above_sees_references()
    {
        var found = References(typeof(GitLock).Assembly, Locking, ConfigRepo);

        Assert.Contains(found, f => f.Contains(nameof(ObjectCache), StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains(nameof(IUpdateLock), StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("uses CopyInto", StringComparison.Ordinal)); // a call inside a method body
    }

    /// <summary>Every place a type of namespace <paramref name="from"/> (nested and compiler-made types included: lambdas, async
    /// state machines) names a type of namespace <paramref name="to"/>, as "where: what".</summary>
    private static List<string> References(Assembly assembly, string from, string to)
    {
        var found = new List<string>();
        foreach (var type in assembly.GetTypes().Where(t => t.Namespace == from))
        {
            void Check(string where, Type? named)
            {
                foreach (var t in Named(named))
                {
                    if (t.Namespace == to) found.Add($"{type.FullName} {where}: {t.FullName}");
                }
            }
            Check("base", type.BaseType);
            foreach (var i in type.GetInterfaces()) Check("implements", i);
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var field in type.GetFields(all)) Check($"field {field.Name}", field.FieldType);
            foreach (var property in type.GetProperties(all)) Check($"property {property.Name}", property.PropertyType);
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                if (method is MethodInfo info) Check($"{method.Name} returns", info.ReturnType);
                foreach (var parameter in method.GetParameters()) Check($"{method.Name} parameter {parameter.Name}", parameter.ParameterType);
                var body = method.GetMethodBody();
                if (body is null) continue;
                foreach (var local in body.LocalVariables) Check($"{method.Name} local", local.LocalType);
                foreach (var member in Operands(method, body.GetILAsByteArray() ?? []))
                {
                    Check($"{method.Name} uses {member.Name}", member as Type ?? member.DeclaringType);
                    if (member is MethodInfo called) Check($"{method.Name} calls {member.Name}", called.ReturnType);
                    if (member is FieldInfo field) Check($"{method.Name} reads {member.Name}", field.FieldType);
                }
            }
        }
        return found.Distinct().ToList();
    }

    // A type and the types it is made of: generic arguments, element types.
    private static IEnumerable<Type> Named(Type? type)
    {
        if (type is null) yield break;
        yield return type;
        if (type.HasElementType)
        {
            foreach (var t in Named(type.GetElementType())) yield return t;
        }
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Named)) yield return t;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    // The types, methods and fields a method body's instructions name (call, newobj, castclass, isinst, ldfld, ldtoken…).
    private static IEnumerable<MemberInfo> Operands(MethodBase method, byte[] il)
    {
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            var operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    // a token of an open generic context it cannot resolve: its type is still named by the signature checks
                }
                if (member is not null) yield return member;
            }
            at += operand;
        }
    }
}
