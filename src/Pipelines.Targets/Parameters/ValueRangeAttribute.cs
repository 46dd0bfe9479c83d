namespace Pipelines.Targets;

/// <summary>
/// The values a duration or number parameter accepts, both ends included: <c>[ValueRange("5s", "1h")]</c>,
/// <c>[ValueRange("1", "100")]</c>. A value outside is a usage error (exit 2) that names the parameter, the value and
/// the range. Without this attribute a duration may be anything from 0 up, and a number anything.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ValueRangeAttribute(string minimum, string maximum) : Attribute
{
    /// <summary>Written as the parameter's values are: <c>5s</c> for a duration, <c>1</c> for a number.</summary>
    public string Minimum { get; } = minimum;

    public string Maximum { get; } = maximum;
}

/// <summary>
/// A rule a string parameter's value must follow beyond having no control characters (which no value may have): derive
/// from it, return what is wrong with a value (null when nothing is), and put it on the parameter. The runner checks every
/// value given (command line, environment, settings files) before anything runs, and refuses a bad one with exit 2.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = true)]
public abstract class ValueRuleAttribute : Attribute
{
    /// <summary>What is wrong with <paramref name="value"/> and what to write instead, as a sentence that follows the
    /// parameter and its value (e.g. "is not a valid branch name: it contains '..'. …"); null when the value is fine.</summary>
    public abstract string? Problem(string value);
}
