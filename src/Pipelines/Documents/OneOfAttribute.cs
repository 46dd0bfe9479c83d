namespace Pipelines.Documents;

/// <summary>
/// The values a string field of a result document can take: the schema lists them (<c>enum</c>), so a script can rely on
/// a status being one of them rather than parse prose. A value added is a new field value, not a new version.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute : Attribute
{
    // The release actions as the documents write them (ReleaseAction's members, lower-cased; a test keeps them equal).
    public const string Release = "release", Rollback = "rollback", Promote = "promote", Lock = "lock", Unlock = "unlock", Automate = "automate",
        Deautomate = "deautomate", Policy = "policy", Adopt = "adopt", Unreject = "unreject", Sync = "sync";

    /// <summary>Marks a field with the values of one of the lists below (attribute arguments must be constants).</summary>
    public OneOfAttribute(params string[] values) => Values = values;

    public OneOfAttribute(Lists list) => Values = list switch
    {
        Lists.ReleaseActions => Actions,
        Lists.ReleaseActionsOrUntrusted => [.. Actions, "untrusted"],
        _ => [.. Actions, "automated-release"],
    };

    private static readonly string[] Actions = [Release, Rollback, Promote, Lock, Unlock, Automate, Deautomate, Policy, Adopt, Unreject, Sync];

    /// <summary>Value lists more than one field shares.</summary>
    public enum Lists
    {
        ReleaseActions,
        ReleaseActionsOrUntrusted,
        NotificationEvents,
    }

    public IReadOnlyList<string> Values { get; }
}
