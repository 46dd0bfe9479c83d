namespace Pipelines.Server.Ui.Progress;

/// <summary>
/// The one script of the web UI, served from <c>/ui/progress.js</c> (a file of this origin, so the pages' Content-Security-Policy
/// allows it and no inline script): on a running report page it follows the run's Server-Sent Events, appends each step and
/// rollout look to the list, and reloads into the finished report. Without it the page refreshes itself (RunPage).
/// </summary>
internal static class ProgressScript
{
    public const string Js = """
        (() => {
          const list = document.getElementById('steps');
          if (!list || !list.dataset.events || !window.EventSource) return;
          const status = document.getElementById('run-status');
          const shown = list.children.length; // the events the page was rendered with
          const source = new EventSource(list.dataset.events);
          const add = (kind) => (e) => {
            if (Number(e.lastEventId) < shown) return;
            const item = document.createElement('li');
            item.dataset.kind = kind;
            item.textContent = e.data;
            list.appendChild(item);
          };
          source.addEventListener('step', add('step'));
          source.addEventListener('progress', add('progress'));
          source.addEventListener('done', (e) => {
            source.close();
            if (status) status.textContent = e.data;
            location.reload();
          });
        })();
        """;
}
