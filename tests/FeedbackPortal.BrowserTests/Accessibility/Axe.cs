using System.Text;
using System.Text.Json;
using FeedbackPortal.Testing;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Accessibility;

/// <summary>Runs axe-core (web/node_modules/axe-core, installed by `npm ci` in web/) in a page.</summary>
public static class Axe
{
    /// <summary>WCAG 2.0, 2.1 and 2.2, levels A and AA.</summary>
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    private static readonly Lazy<string> Source = new(() =>
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot, "web", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing: run `npm ci` in web/ (tests/run-all.sh does).");
    });

    /// <summary>The violations on the current page, as readable text; empty when there are none.</summary>
    public static async Task<string> ViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol: an inline <script> tag would be refused by the portal's CSP.
        await page.EvaluateAsync("() => { " + Source.Value + "\n}");
        var json = await page.EvaluateAsync<string>(
            @"async (tags) => {
                const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, why: n.failureSummary })) })));
            }", Tags);
        using var doc = JsonDocument.Parse(json);
        var text = new StringBuilder();
        foreach (var v in doc.RootElement.EnumerateArray())
        {
            text.AppendLine($"- [{v.GetProperty("impact")}] {v.GetProperty("id")}: {v.GetProperty("help")}");
            foreach (var n in v.GetProperty("nodes").EnumerateArray())
            {
                text.AppendLine($"    {n.GetProperty("target")}  {n.GetProperty("html")}");
                text.AppendLine($"      {n.GetProperty("why").GetString()?.Replace("\n", "\n      ", StringComparison.Ordinal)}");
            }
        }

        return text.ToString();
    }

    public static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var violations = await ViolationsAsync(page);
        Assert.True(violations.Length == 0, $"axe-core found WCAG A/AA violations on {what} ({page.Url}):\n{violations}");
    }
}
