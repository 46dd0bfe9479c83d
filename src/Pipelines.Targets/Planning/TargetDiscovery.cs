using System.Reflection;
using Pipelines.Targets.Definitions;

namespace Pipelines.Targets.Planning;

/// <summary>Finds the <see cref="Target"/> properties of every set, runs their declarations, and resolves
/// the targets they reference (by delegate or by name) to declared targets.</summary>
internal static class TargetDiscovery
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static IReadOnlyList<TargetNode> Discover(IReadOnlyList<TargetSet> sets)
    {
        var declared = new List<(Target Delegate, TargetDefinition Definition)>();
        foreach (var set in sets)
        {
            foreach (var property in TargetProperties(set.GetType()))
            {
                if (declared.Any(d => Naming.Normalize(d.Definition.Name) == Naming.Normalize(property.Name)))
                {
                    throw new BuildDefinitionException($"Target {property.Name} is declared twice ({set.GetType().Name} and an earlier set); target names must be unique.");
                }
                var target = (Target)property.GetValue(set)!;
                var definition = new TargetDefinition(property.Name, declared.Count, set);
                target(definition);
                declared.Add((target, definition));
            }
        }

        string Resolve(TargetReference reference, TargetDefinition from)
        {
            if (reference.Delegate is { } d)
            {
                // A property getter creates a new delegate each time, but with the same method and target object.
                var match = declared.FirstOrDefault(x => x.Delegate.Method == d.Method && ReferenceEquals(x.Delegate.Target, d.Target));
                return match.Definition?.Name ?? throw new BuildDefinitionException(
                    $"Target {from.Name} refers to a target that is not part of this build; add the set that declares it to the runner.");
            }
            var name = reference.Name!;
            return declared.FirstOrDefault(x => Naming.Normalize(x.Definition.Name) == Naming.Normalize(name)).Definition?.Name
                ?? throw new BuildDefinitionException(
                    $"Target {from.Name} refers to '{name}', which no set declares. Known targets: {string.Join(", ", declared.Select(x => x.Definition.Name))}.");
        }

        return declared.Select(x =>
        {
            var def = x.Definition;
            List<string> All(List<TargetReference> refs) => refs.Select(r => Resolve(r, def)).Distinct().ToList();
            return new TargetNode(def.Name, def.DeclarationIndex, def.DescriptionText, All(def.Dependencies), All(def.RunsAfter),
                All(def.RunsBefore), All(def.Triggered)) { Definition = def };
        }).ToList();
    }

    // Base-class targets first, each class in the order its members are written.
    private static IEnumerable<PropertyInfo> TargetProperties(Type type)
    {
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(TargetSet) && t != typeof(object); t = t.BaseType) chain.Push(t);
        return chain.SelectMany(t => t.GetProperties(Members | BindingFlags.DeclaredOnly)
            .Where(p => p.PropertyType == typeof(Target) && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken));
    }
}
