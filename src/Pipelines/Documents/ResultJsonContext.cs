using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipelines.Documents;

/// <summary>
/// The serializer for every result document, generated at build time (no reflection at run time, so the CLI stays ready for
/// Native AOT and starts without building serializers). Nulls are written, not left out: a reader sees every field the schema names.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ReleaseReportDocument))]
[JsonSerializable(typeof(HistoryDocument))]
[JsonSerializable(typeof(ServiceListDocument))]
[JsonSerializable(typeof(ImageListDocument))]
[JsonSerializable(typeof(ContainerImagesDocument))]
[JsonSerializable(typeof(DriftDocument))]
[JsonSerializable(typeof(SetImageDocument))]
[JsonSerializable(typeof(PushedImageDocument))]
[JsonSerializable(typeof(GlobalLockStatusDocument))]
[JsonSerializable(typeof(GlobalLockBreakDocument))]
[JsonSerializable(typeof(NotificationDocument))]
[JsonSerializable(typeof(EnvironmentListDocument))]
[JsonSerializable(typeof(EnvironmentServicesDocument))]
[JsonSerializable(typeof(ServiceDocument))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
