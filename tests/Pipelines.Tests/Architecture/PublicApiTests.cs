using Pipelines.Tests.ProductTargets;
using System.Reflection;
using System.Text;

namespace Pipelines.Tests.Architecture;

/// <summary>
/// What the library shows the code outside it — the command line (src/Pipelines.Cli), the service, the sandbox, and build
/// scripts such as examples/cake/build.cake — written out and compared with the file kept beside this test. A change to
/// it is a change to a contract: the diff shows it in review, and the file is updated on purpose (see the message).
/// </summary>
public sealed class PublicApiTests
{
    [Theory]
    [InlineData("Pipelines")]
    [InlineData("Pipelines.Server")]
    public void The_public_api_is_the_one_written_down(string assemblyName)
    {
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName) ?? Assembly.Load(assemblyName);
        var actual = PublicApi.Describe(assembly);
        var folder = Path.Combine(BuiltCli.RepositoryRoot, "tests", "Pipelines.Tests", "Architecture");
        var expectedFile = Path.Combine(folder, $"PublicApi.{assemblyName}.txt");
        var receivedFile = Path.Combine(folder, $"PublicApi.{assemblyName}.received.txt");
        var expected = File.Exists(expectedFile) ? File.ReadAllText(expectedFile) : "";
        if (actual == expected)
        {
            File.Delete(receivedFile);
            return;
        }
        File.WriteAllText(receivedFile, actual);
        Assert.Fail($"The public API of {assemblyName} changed. If that is intended (the command line, the server or a build script " +
            $"needs it), replace {expectedFile} with {receivedFile}; otherwise make the new type or member internal.\n" +
            $"Added:\n  {string.Join("\n  ", Lines(actual).Except(Lines(expected)))}\nRemoved:\n  {string.Join("\n  ", Lines(expected).Except(Lines(actual)))}");
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One line per public type and per member other code can see (public, protected), sorted, in C#-like notation.</summary>
internal static class PublicApi
{
    private const BindingFlags Visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(TypeLine(type)).Append('\n');
            foreach (var member in Members(type).Order(StringComparer.Ordinal)) text.Append("  ").Append(member).Append('\n');
        }
        return text.ToString();
    }

    private static string TypeLine(Type type)
    {
        var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate" : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) && !typeof(Delegate).IsAssignableFrom(type)) bases.Add(Name(b));
        if (!type.IsEnum) bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "");
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            foreach (var name in Enum.GetNames(type)) yield return name;
            yield break;
        }
        foreach (var member in type.GetMembers(Visible))
        {
            switch (member)
            {
                case ConstructorInfo c when Seen(c):
                    yield return $"{Access(c)}ctor({Parameters(c)})";
                    break;
                case MethodInfo m when Seen(m) && !m.IsSpecialName:
                    yield return $"{Access(m)}{(m.IsStatic ? "static " : "")}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})";
                    break;
                case PropertyInfo p when (p.GetMethod is { } get && Seen(get)) || (p.SetMethod is { } set && Seen(set)):
                    var accessors = (p.GetMethod is { } g && Seen(g) ? "get; " : "") + (p.SetMethod is { } s && Seen(s) ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(t => t.Name == "IsExternalInit") ? "init; " : "set; ") : "");
                    yield return $"{Name(p.PropertyType)} {p.Name}{(p.GetIndexParameters().Length > 0 ? $"[{string.Join(", ", p.GetIndexParameters().Select(i => Name(i.ParameterType)))}]" : "")} {{ {accessors}}}";
                    break;
                case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                    yield return $"{(f.IsLiteral ? "const " : f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}";
                    break;
                case EventInfo e:
                    yield return $"event {Name(e.EventHandlerType!)} {e.Name}";
                    break;
                case Type nested when nested.IsNestedPublic:
                    break; // listed as a type of its own
            }
        }
    }

    private static bool Seen(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? "" : "protected ";

    private static string Generic(MethodInfo method) => method.IsGenericMethod ? $"<{string.Join(", ", method.GetGenericArguments().Select(Name))}>" : "";

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = …" : "")}"));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter) return type.Name;
        if (type.IsByRef) return "ref " + Name(type.GetElementType()!);
        if (type.IsArray) return Name(type.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Name(underlying) + "?";
        var name = type.IsNested ? $"{Name(type.DeclaringType!)}.{type.Name}" : $"{type.Namespace}.{type.Name}";
        if (name.StartsWith("System.", StringComparison.Ordinal) && !type.IsGenericType) name = type.Name;
        if (!type.IsGenericType) return name;
        return name[..name.IndexOf('`')] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
    }
}
