// Start-up cost of Spectre.Console for a help-sized table: "plain" pads and prints 80 rows; "spectre" renders the same
// rows as a Spectre.Console Grid at the console's width.
var rows = Enumerable.Range(0, 80).Select(i => ($"--parameter-{i} <string>", $"What parameter {i} does, at some length so that it wraps at eighty columns when the terminal is narrow. [env: PIPELINES_PARAMETER_{i}]")).ToList();
if (args.Length > 0 && args[0] == "spectre")
{
    var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(Console.Out), ColorSystem = Spectre.Console.ColorSystemSupport.NoColors });
    var grid = new Spectre.Console.Grid().AddColumn().AddColumn();
    foreach (var (l, r) in rows) grid.AddRow(new Spectre.Console.Text(l), new Spectre.Console.Text(r));
    console.Write(grid);
}
else
{
    var w = rows.Max(r => r.Item1.Length) + 2;
    foreach (var (l, r) in rows) Console.WriteLine("  " + l.PadRight(w) + r);
}
