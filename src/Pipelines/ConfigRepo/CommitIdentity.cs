using LibGit2Sharp;

namespace Pipelines.ConfigRepo;

/// <summary>
/// Who a commit is by: <c>--user</c> ("Name &lt;email&gt;" or a plain name), else the CI job, else the local
/// user. The cause trailer adds the CI build URL, so history says who and which build.
/// </summary>
public sealed record CommitIdentity(string Name, string Email, string? BuildUrl)
{
    public static CommitIdentity From(string? user, CiJob? job, IReadOnlyDictionary<string, string> environment)
    {
        if (!string.IsNullOrWhiteSpace(user))
        {
            var open = user.IndexOf('<');
            if (open > 0 && user.TrimEnd().EndsWith('>'))
            {
                return new CommitIdentity(user[..open].Trim(), user[(open + 1)..user.LastIndexOf('>')].Trim(), job?.BuildUrl);
            }
            return new CommitIdentity(user.Trim(), $"{Slug(user)}@pipelines", job?.BuildUrl);
        }
        if (job is not null)
        {
            var name = job.BuildNumber is null ? $"{job.System} CI" : $"{job.System} build {job.BuildNumber}";
            return new CommitIdentity(name, $"ci@pipelines", job.BuildUrl);
        }
        var local = environment.GetValueOrDefault("USER") ?? environment.GetValueOrDefault("USERNAME") ?? "pipelines";
        return new CommitIdentity(local, $"{Slug(local)}@pipelines", null);
    }

    /// <summary>The <c>Pipelines-Cause</c> value: <c>alice, https://ci/job/42</c>.</summary>
    public string Cause => BuildUrl is null ? Name : $"{Name}, {BuildUrl}";

    public Signature Signature(DateTimeOffset when) => new(Name, Email, when);

    private static string Slug(string text) => new(text.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}
