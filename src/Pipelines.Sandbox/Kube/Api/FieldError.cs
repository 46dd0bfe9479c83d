namespace Pipelines.Sandbox.Kube.Api;

/// <summary>One cause of a 422 Invalid answer: the field path, the cause (FieldValueRequired, FieldValueInvalid…) and the message.</summary>
public sealed record FieldError(string Field, string Reason, string Message)
{
    public static FieldError Required(string field) => new(field, "FieldValueRequired", "Required value");

    public static FieldError Invalid(string field, string value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: \"{value}\": {detail}");
}
