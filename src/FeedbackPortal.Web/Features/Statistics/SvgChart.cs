using System.Globalization;
using System.Net;
using System.Text;

namespace FeedbackPortal.Web.Features.Statistics;

/// <summary>
/// Bar charts drawn on the server as inline SVG: no JavaScript, no library, a few hundred bytes.
/// The chart is an image with a title; the same numbers are in a real table beside it for screen readers.
/// </summary>
public static class SvgChart
{
    public sealed record Series(string Name, string CssClass, IReadOnlyList<double> Values);

    /// <summary>Grouped vertical bars, one group per label (e.g. months), one bar per series.</summary>
    public static string Bars(string id, string title, IReadOnlyList<string> labels, IReadOnlyList<Series> series)
    {
        const int width = 640, height = 220, left = 36, bottom = 28, top = 10;
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var groupWidth = (width - left) / (double)Math.Max(1, labels.Count);
        var barWidth = Math.Max(2, (groupWidth - 6) / Math.Max(1, series.Count));
        var plot = height - bottom - top;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"fp-chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width}\" y2=\"{top + plot}\" class=\"fp-chart__axis\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + 8}\" text-anchor=\"end\" class=\"fp-chart__tick\">{max:0.#}</text>");
        for (var i = 0; i < labels.Count; i++)
        {
            var x0 = left + (i * groupWidth) + 3;
            for (var k = 0; k < series.Count; k++)
            {
                var v = i < series[k].Values.Count ? series[k].Values[i] : 0;
                var h = plot * v / max;
                sb.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"{series[k].CssClass}\" x=\"{x0 + (k * barWidth):0.#}\" y=\"{top + plot - h:0.#}\" width=\"{barWidth - 1:0.#}\" height=\"{h:0.#}\"/>");
            }

            sb.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x0 + (groupWidth / 2) - 3:0.#}\" y=\"{height - 10}\" text-anchor=\"middle\" class=\"fp-chart__tick\">{WebUtility.HtmlEncode(labels[i])}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>A single stacked bar of shares (e.g. satisfaction levels), 0–100.</summary>
    public static string Shares(string id, string title, IReadOnlyList<(string CssClass, double Percent)> parts)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"fp-chart fp-chart--shares\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{WebUtility.HtmlEncode(title)}</title>");
        double x = 0;
        foreach (var (css, percent) in parts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"{css}\" x=\"{x:0.##}\" y=\"0\" width=\"{percent:0.##}\" height=\"8\"/>");
            x += percent;
        }

        sb.Append("</svg>");
        return sb.ToString();
    }
}
