using Pipelines.Diagnostics;
using Pipelines.Notifications;
using Pipelines.Releases;
using Pipelines.Targets;
using Pipelines.Tests.ConfigRepo.Fixtures;

namespace Pipelines.Tests.Notifications;

/// <summary>A notification endpoint that accepts connections and never answers holds up nothing: every attempt times out,
/// delivery gives up after its attempts, and says so.</summary>
public sealed class NotificationTimeoutTests
{
    [Fact]
    public async Task An_endpoint_that_never_answers_is_given_up_after_the_attempts_and_logged_with_its_url_masked()
    {
        using var silent = new SilentServer();
        var output = new StringWriter();
        using var notifier = new Notifier([NotifyUrl.Parse($"http://127.0.0.1:{silent.Port}/hooks/secret-token")], TextLog.To(TextWriter.Synchronized(output)),
            new NotifierTiming(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMilliseconds(100)));

        notifier.Post(new ReleaseNotice(new ReleaseReport("rel-01abc", "staging", "3c5e1a2b9f", true, []), "alice", Automated: false));
        await notifier.DrainAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Contains("no answer within 1s (gave up after 2 attempt(s)); the operation itself is unaffected.", output.ToString());
        Assert.DoesNotContain("secret-token", output.ToString());
        Assert.True(silent.Accepted >= 1);
    }
}
