using System.Globalization;
using Pipelines.Releases;
using Pipelines.Reporting;

namespace Pipelines.ReleaseManager;

/// <summary>
/// <c>ListImages --service</c> in fluxctl's shape: a row per container naming its repository (and tag filter), then its tags
/// newest first, <c>'-&gt;</c> on the running one and <c>|</c> on those newer than it; a tag the filter does not allow is
/// marked <c>filtered out</c>, one a rollback rejected <c>rejected (rel-…)</c>. JSON carries the same as values.
/// </summary>
public static class ContainerImagesText
{
    public static IEnumerable<string> Text(IReadOnlyList<ContainerImages> containers, OutputFormat output = OutputFormat.Text, int width = TextTable.Unlimited)
    {
        if (containers.Count == 0)
        {
            yield return "No container matches.";
            yield break;
        }
        var images = ImageText.For(containers.Select(c => c.Repository), output);
        var manyEnvironments = containers.Select(c => c.Environment).Distinct().Count() > 1;
        var rows = new List<string[]> { new[] { "WORKLOAD", "CONTAINER", "IMAGE", "CREATED", "" } };
        foreach (var container in containers)
        {
            rows.Add([(manyEnvironments ? container.Environment + " " : "") + container.Workload, container.Container,
                $"{images.Show(container.Repository)} ({container.TagFilter})", "", ""]);
            var runningIndex = container.Shown.ToList().FindIndex(c => c.Running);
            for (var i = 0; i < container.Shown.Count; i++)
            {
                var choice = container.Shown[i];
                var marker = choice.Running ? "'-> " : runningIndex > i ? "|   " : "    ";
                rows.Add(["", "", marker + choice.Image.Tag, Created(choice.Image.Created), Marks(choice)]);
            }
            var hidden = container.Total - container.Shown.Count;
            if (hidden > 0) rows.Add(["", "", $"    ({hidden} older; --limit shows more)", "", ""]);
        }
        // CREATED stays whole (a cut date says nothing); the marks, last, wrap.
        foreach (var line in TextTable.Format(rows, width, new(), new(), new(), new(Whole: true))) yield return line;
    }

    public static string Json(IReadOnlyList<ContainerImages> containers) => Documents.ResultWriter.Json(StatusDocuments.ContainerImages(containers));

    private static string Created(DateTimeOffset? created) =>
        created?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";

    private static string Marks(ImageChoice choice) =>
        string.Join(", ", new[] { choice.Allowed ? null : "filtered out", choice.Rejected is { } r ? $"rejected ({r.Release})" : null }.OfType<string>());
}
