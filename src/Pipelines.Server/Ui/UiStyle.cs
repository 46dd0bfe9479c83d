namespace Pipelines.Server.Ui;

/// <summary>The web UI's one stylesheet, served from the process (no external assets: the service may run offline).
/// Sized for a laptop screen; keyboard focus is always visible.</summary>
internal static class UiStyle
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1b1f24; --muted: #59636e; --line: #d0d7de; --accent: #0b57d0; --bad: #b42318; --ok: #1a7f37; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f8fa; }
        header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .6rem 1.2rem; background: #fff; border-bottom: 1px solid var(--line); }
        header .brand { font-weight: 700; margin-right: 1rem; }
        header nav { display: flex; gap: .8rem; flex: 1; flex-wrap: wrap; }
        header nav a[aria-current="page"] { font-weight: 700; text-decoration: underline; }
        header .who { color: var(--muted); }
        main { padding: 1rem 1.2rem 2rem; max-width: 1600px; }
        main.narrow { max-width: 32rem; margin: 4rem auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1.5rem 2rem; }
        h1 { font-size: 1.4rem; margin: .2rem 0 .4rem; }
        h2 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
        a { color: var(--accent); }
        code { font: 13px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; word-break: break-all; }
        .muted, .hint { color: var(--muted); font-size: .9em; }
        td .muted, th .muted { font-size: .8em; font-weight: 400; overflow-wrap: anywhere; }
        tbody th[scope="rowgroup"] { max-width: 16rem; }
        .note { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: .5rem .8rem; }
        .problems, .error { background: #ffebe9; border: 1px solid #ff8182; border-radius: 6px; padding: .5rem .8rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
        th, td { text-align: left; vertical-align: top; padding: .4rem .55rem; border-bottom: 1px solid var(--line); }
        thead th { background: #eef1f4; font-size: .85em; text-transform: uppercase; letter-spacing: .03em; }
        tbody + tbody { border-top: 2px solid var(--line); }
        .newer { color: var(--ok); font-weight: 600; }
        .drift { color: var(--warn); }
        .locked { color: var(--bad); font-weight: 600; }
        .status-success { color: var(--ok); font-weight: 600; }
        .status-failed { color: var(--bad); font-weight: 600; }
        .status-skipped { color: var(--muted); }
        form.inline { display: inline-flex; gap: .3rem; align-items: center; margin: 0 .3rem .3rem 0; flex-wrap: wrap; }
        form.stack { display: grid; gap: .5rem; }
        label { font-weight: 600; }
        input[type="text"], input[type="password"], select { font: inherit; padding: .3rem .45rem; border: 1px solid #8c959f; border-radius: 5px; min-width: 10rem; }
        button { font: inherit; padding: .3rem .75rem; border: 1px solid #8c959f; border-radius: 5px; background: #fff; color: var(--ink); cursor: pointer; }
        button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        button.danger { border-color: var(--bad); color: var(--bad); }
        button:hover { filter: brightness(.95); }
        :focus-visible { outline: 3px solid #fb8c00; outline-offset: 2px; }
        .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
        .banner { background: #ffebe9; border: 2px solid var(--bad); border-radius: 6px; padding: .5rem .8rem; margin-bottom: .8rem; }
        .banner ul { margin: .3rem 0 0; padding-left: 1.2rem; }
        table.matrix { width: auto; min-width: 60%; }
        table.matrix th, table.matrix td { white-space: nowrap; padding: .12rem .5rem; font-size: 13px; line-height: 1.35; }
        table.matrix thead th { font-size: 12px; }
        table.matrix code, table.history code, table.results code { word-break: normal; white-space: nowrap; }
        .legend { font-size: 13px; margin: 0 0 .4rem; }
        .dot { display: inline-block; width: .7em; height: .7em; border-radius: 50%; margin-right: .35em; vertical-align: baseline; background: #8c959f; }
        .dot.health-healthy { background: var(--ok); } .dot.health-progressing { background: #bf8700; } .dot.health-failing { background: var(--bad); }
        td.health-failing { background: #ffebe9; }
        .badge { display: inline-block; font-size: 11px; line-height: 1.3; padding: 0 .35em; border: 1px solid var(--line); border-radius: 4px; color: var(--muted); background: #fff; }
        .badge.locked, .badge.failing { color: var(--bad); border-color: var(--bad); font-weight: 600; }
        .who { font-size: 12px; }
        form.confirm { margin-top: .9rem; }
        .diff { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .4rem 0; overflow-x: auto; font: 13px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
        .diff div { white-space: pre; padding: 0 .6rem; }
        .diff .add { background: #dafbe1; } .diff .del { background: #ffebe9; } .diff .hunk { color: var(--muted); background: #eef1f4; }
        .outcome-ok { color: var(--ok); font-weight: 600; } .outcome-bad { color: var(--bad); font-weight: 600; } .outcome-other { color: var(--muted); }
        table.history td, table.history th { font-size: 13px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .3rem .6rem; z-index: 1; }
        """;
}
