using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace FeedbackPortal.BrowserTests.Accessibility;

/// <summary>The submit journey with a keyboard only: no clicks, no programmatic fills.</summary>
[Collection(AccessibilityCollection.Name)]
public sealed partial class KeyboardOnlyTests(AccessibilityFixture portal)
{
    // What the focused element looks like; "" when its focus is visible, else why not.
    private const string FocusProbe = """
        () => {
          const el = document.activeElement;
          if (!el || el === document.body) return JSON.stringify({ id: '', tag: 'BODY', type: '', visible: 'nothing focused' });
          const drawn = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
                                  && !/rgba\(0, 0, 0, 0\)|transparent/.test(s.outlineColor))
                               || (s.boxShadow && s.boxShadow !== 'none');
          let ok;
          if (el.matches('input[type=checkbox], input[type=radio]')) {
            // design-system controls are transparent and the label's box shows focus; plain ones show their own ring
            const own = getComputedStyle(el);
            const label = el.labels && el.labels[0];
            ok = (parseFloat(own.opacity) > 0 && drawn(own)) || (!!label && drawn(getComputedStyle(label, '::before')));
          } else {
            const r = el.getBoundingClientRect();
            ok = r.width > 0 && r.height > 0 && drawn(getComputedStyle(el));
          }
          return JSON.stringify({ id: el.id, tag: el.tagName, type: el.getAttribute('type') || '',
            cls: el.className || '', visible: ok ? '' : 'no visible focus indicator on ' + el.outerHTML.slice(0, 160) });
        }
        """;

    private sealed record Focused(string Id, string Tag, string Type, string Cls, string Visible);

    private static async Task<Focused> FocusedAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>(FocusProbe);
        var e = JsonDocument.Parse(json).RootElement;
        return new Focused(e.GetProperty("id").GetString()!, e.GetProperty("tag").GetString()!,
            e.GetProperty("type").GetString()!, e.TryGetProperty("cls", out var c) ? c.GetString()! : "", e.GetProperty("visible").GetString()!);
    }

    [Theory]
    [InlineData("vi")]
    [InlineData("en")]
    public async Task A_person_can_submit_feedback_with_the_keyboard_alone(string language)
    {
        await using var context = await portal.NewContextAsync(language);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/submit/feedback");
        var keys = page.Keyboard;

        // The skip link is the first stop, visible, and moves focus to the main content.
        await keys.PressAsync("Tab");
        var first = await FocusedAsync(page);
        Assert.Contains("fp-skip-link", first.Cls, StringComparison.Ordinal);
        Assert.Equal("", first.Visible);
        await keys.PressAsync("Enter");
        Assert.Equal("main", (await FocusedAsync(page)).Id);

        var visited = new List<string>();
        var shiftTabChecked = false;
        for (var step = 0; step < 80; step++)
        {
            await keys.PressAsync("Tab");
            var f = await FocusedAsync(page);
            visited.Add(f.Id.Length > 0 ? f.Id : f.Tag);
            Assert.True(f.Visible.Length == 0, $"Step {step}: {f.Visible}");

            switch (f.Id)
            {
                case "Title":
                    await keys.TypeAsync("Đèn đường hỏng ở ngõ 12 phố Huế");
                    break;
                case "Content":
                    await keys.TypeAsync("Đèn đường ở ngõ 12 phố Huế đã hỏng hai tuần, buổi tối rất tối và nguy hiểm.");
                    if (!shiftTabChecked)
                    {
                        // Shift+Tab goes back to the title, with what was typed kept.
                        await keys.PressAsync("Shift+Tab");
                        Assert.Equal("Title", (await FocusedAsync(page)).Id);
                        await keys.PressAsync("Tab");
                        Assert.Equal("Content", (await FocusedAsync(page)).Id);
                        shiftTabChecked = true;
                    }

                    break;
                case "Field":
                    await keys.PressAsync("ArrowDown");
                    break;
                case "Name":
                    await keys.TypeAsync("Nguyễn Thị Bình");
                    break;
                case "Email":
                    await keys.TypeAsync("binh.nguyen@example.vn");
                    break;
                case "Consent":
                    await keys.PressAsync("Space");
                    break;
                default:
                    // a required choice added later (e.g. radios): take the focused option if none is chosen
                    if (f.Type == "radio" && await page.EvaluateAsync<bool>(
                            "() => !document.querySelector(`input[name='${document.activeElement.name}']:checked`)"))
                    {
                        await keys.PressAsync("Space");
                    }

                    break;
            }

            if (f.Tag == "BUTTON" && f.Type == "submit")
            {
                var post = await page.RunAndWaitForResponseAsync(() => keys.PressAsync("Enter"), r => r.Request.Method == "POST");
                if (post.Status is < 300 or >= 400)
                {
                    await page.WaitForLoadStateAsync(LoadState.Load);
                    var errors = await page.Locator(".fp-error-summary").AllInnerTextsAsync();
                    Assert.Fail($"The form was not accepted ({post.Status}): {string.Join(" | ", errors)}");
                }

                await page.WaitForURLAsync(new Regex("/status/"));

                var code = await page.InnerTextAsync("#tracking-code");
                Assert.Matches(TrackingCodePattern(), code.Trim());
                Assert.Equal(language, await page.GetAttributeAsync("html", "lang"));
                return;
            }
        }

        Assert.Fail("Never reached the submit button by Tab. Focus order: " + string.Join(" → ", visited));
    }

    [GeneratedRegex(@"^P[A-Z]-\d{2}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex TrackingCodePattern();
}
