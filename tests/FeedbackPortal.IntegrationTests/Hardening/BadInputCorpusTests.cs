using System.Net;
using System.Text.RegularExpressions;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.IntegrationTests.Intake;
using FeedbackPortal.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>Every entry of <see cref="BadInputCorpus"/>: 4xx, Vietnamese, no internals, nothing stored — on both databases.</summary>
public abstract partial class BadInputCorpusTests(PortalHost host)
{
    [Fact]
    public void The_corpus_has_at_least_sixty_entries_through_both_channels()
    {
        Assert.True(BadInputCorpus.All.Count >= 60, $"{BadInputCorpus.All.Count} entries");
        Assert.True(BadInputCorpus.All.Count(e => e.Api) >= 30);
        Assert.True(BadInputCorpus.All.Count(e => !e.Api) >= 20);
        Assert.Equal(BadInputCorpus.All.Count, BadInputCorpus.All.Select(e => e.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(BadInputCorpus.Ids), MemberType = typeof(BadInputCorpus))]
    public async Task A_bad_input_is_refused_in_vietnamese_and_nothing_is_stored(string id)
    {
        var entry = BadInputCorpus.Find(id);
        using var client = host.NoRedirectClient();
        var before = await IntakeForms.CountsAsync(host);

        using var response = await entry.Send(client);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{id}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        HardeningAsserts.AssertNoInternals(body);
        var text = WebUtility.HtmlDecode(body);
        Assert.True(Vietnamese().IsMatch(text), $"{id}: not Vietnamese: {text[..Math.Min(300, text.Length)]}");
        if (entry.Api)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        else
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<html lang=\"vi\"", body, StringComparison.Ordinal);
        }

        Assert.Equal(before, await IntakeForms.CountsAsync(host));
        var staging = Path.Combine(host.Services.GetRequiredService<AttachmentStore>().Root, ".staging");
        Assert.Empty(Directory.Exists(staging) ? Directory.EnumerateFiles(staging) : []);
    }

    [GeneratedRegex("[ạảãầấậẩẫằắặẳẵẹẻẽềếệểễịỉĩọỏõồốộổỗơờớợởỡụủũưừứựửữỳýỵỷỹđĐ]")]
    private static partial Regex Vietnamese();
}

public sealed class BadInputCorpusOnSqliteTests(ManyClientsHost host) : BadInputCorpusTests(host), IClassFixture<ManyClientsHost>;

public sealed class BadInputCorpusOnPostgresTests(PostgresHardeningHost host) : BadInputCorpusTests(host), IClassFixture<PostgresHardeningHost>;
