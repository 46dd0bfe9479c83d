namespace Pipelines.Documents;

/// <summary>
/// The values a string field of a result document can take: the schema lists them (<c>enum</c>), so a script can rely on
/// a status being one of them rather than parse prose. A value added is a new field value, not a new version.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute : Attribute
{
    public OneOfAttribute(params string[] values) => Values = values;

    /// <summary>The lower-cased names of an enum's members.</summary>
    public OneOfAttribute(Type enumType, params string[] more) =>
        Values = [.. Enum.GetNames(enumType).Select(n => n.ToLowerInvariant()), .. more];

    public IReadOnlyList<string> Values { get; }
}
