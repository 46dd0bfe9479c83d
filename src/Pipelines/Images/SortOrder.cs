namespace Pipelines.Images;

/// <summary>Which end of an ordering wins, as Flux's ImagePolicy says it: <c>asc</c> sorts ascending and takes the last (the
/// highest number, the last name), <c>desc</c> the first.</summary>
internal enum SortOrder
{
    Asc,
    Desc,
}
