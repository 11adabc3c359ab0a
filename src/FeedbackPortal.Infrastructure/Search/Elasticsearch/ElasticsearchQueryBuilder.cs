using System.Text.Json.Nodes;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>Translates a <see cref="SearchQuery"/> into a <c>_search</c> body.</summary>
public static class ElasticsearchQueryBuilder
{
    private static readonly string[] FoldedFields = ["title^3", "content", "answer"];
    private static readonly string[] ExactFields = ["title.exact^4", "content.exact^1.5", "answer.exact"];

    public static JsonObject Build(SearchQuery q, IReadOnlyCollection<string>? agencies)
    {
        var text = SearchText.Parse(q.Text);
        var filter = new JsonArray();
        var must = new JsonArray();
        var should = new JsonArray();
        var mustNot = new JsonArray();

        if (q.Scope.IsPublic)
        {
            filter.Add(Term("published", true));
        }

        if (agencies is not null)
        {
            filter.Add(Terms("agency", agencies));
        }

        AddTerms(filter, "status", q.Statuses);
        AddTerms(filter, "kind", q.Kinds);
        AddTerms(filter, "field", q.Fields);
        AddTerms(filter, "locality", q.Localities);
        if (q.AssigneeId is { } assignee && !q.Scope.IsPublic)
        {
            filter.Add(Term("assigneeId", assignee));
        }

        // Overdue is computed at query time, as the embedded engine does: open and past the deadline.
        if (q.Overdue is { } overdue)
        {
            var overdueQuery = BoolFilter(Range("deadline", "lt", q.Now), Terms("status", OpenStatuses.ClockRunning));
            (overdue ? filter : mustNot).Add(overdueQuery);
        }

        if (q.DueBefore is { } dueBefore)
        {
            filter.Add(Range("deadline", "lte", dueBefore));
            filter.Add(Terms("status", OpenStatuses.ClockRunning));
        }

        if (q.SubmittedFrom is not null || q.SubmittedTo is not null)
        {
            var range = new JsonObject();
            if (q.SubmittedFrom is { } from)
            {
                range["gte"] = ElasticsearchDocument.Date(from);
            }

            if (q.SubmittedTo is { } to)
            {
                range["lte"] = ElasticsearchDocument.Date(to);
            }

            filter.Add(new JsonObject { ["range"] = new JsonObject { ["submittedAt"] = range } });
        }

        var terms = text.Parts.Where(p => !p.IsPhrase).Select(p => p.Exact[0]).ToList();
        if (terms.Count > 0)
        {
            // Every term must occur in some field (cross_fields + and), folded.
            must.Add(MultiMatch(string.Join(' ', terms), FoldedFields, "cross_fields", "and"));
        }

        foreach (var phrase in text.Parts.Where(p => p.IsPhrase))
        {
            must.Add(MultiMatch(string.Join(' ', phrase.Exact), FoldedFields, "phrase", null));
            should.Add(MultiMatch(string.Join(' ', phrase.Exact), ExactFields, "phrase", null));
        }

        if (terms.Count > 0)
        {
            should.Add(MultiMatch(string.Join(' ', terms), ExactFields, "most_fields", null));
        }

        var pageSize = Math.Clamp(q.PageSize, 1, 100);
        var page = Math.Max(1, q.Page);
        var body = new JsonObject
        {
            ["from"] = (page - 1) * pageSize,
            ["size"] = pageSize,
            ["track_total_hits"] = Math.Max(1, q.TotalHitsThreshold),
            ["query"] = Bool(filter: filter, must: must, should: should, mustNot: mustNot),
            ["sort"] = Sort(q.Sort, text.IsEmpty),
        };

        if (q.Scope.IsPublic)
        {
            body["_source"] = new JsonObject { ["excludes"] = new JsonArray([.. ElasticsearchDocument.StaffOnlyFields.Select(f => (JsonNode)f)]) };
        }

        if (q.IncludeFacets)
        {
            body["aggregations"] = new JsonObject
            {
                [SearchResults.StatusFacet] = TermsAgg("status", 50),
                [SearchResults.FieldFacet] = TermsAgg("field", 100),
                [SearchResults.AgencyFacet] = TermsAgg("agency", 200),
            };
        }

        if (!text.IsEmpty)
        {
            body["highlight"] = new JsonObject
            {
                ["pre_tags"] = new JsonArray("<mark>"),
                ["post_tags"] = new JsonArray("</mark>"),
                ["encoder"] = "html",
                ["require_field_match"] = false,
                // The array form (one field per entry) is the one the specification describes.
                ["fields"] = new JsonArray(
                    new JsonObject { ["content"] = new JsonObject { ["fragment_size"] = SearchHighlighter.DefaultLength, ["number_of_fragments"] = 1 } },
                    new JsonObject { ["answer"] = new JsonObject { ["fragment_size"] = SearchHighlighter.DefaultLength, ["number_of_fragments"] = 1 } },
                    new JsonObject { ["title"] = new JsonObject { ["number_of_fragments"] = 0 } }),
            };
        }

        return body;
    }

    private static JsonArray Sort(SearchSort sort, bool noText) => sort switch
    {
        SearchSort.Deadline => [Field("deadline", "asc", "_last"), Field("submittedAt", "desc"), Field("trackingCode", "asc")],
        SearchSort.Relevance when !noText => [Field("_score", "desc"), Field("submittedAt", "desc"), Field("trackingCode", "asc")],
        _ => [Field("submittedAt", "desc"), Field("trackingCode", "asc")],
    };

    private static JsonObject Field(string field, string order, string? missing = null)
    {
        var options = new JsonObject { ["order"] = order };
        if (missing is not null)
        {
            options["missing"] = missing;
        }

        return new JsonObject { [field] = options };
    }

    private static JsonObject MultiMatch(string query, string[] fields, string type, string? op)
    {
        var mm = new JsonObject
        {
            ["query"] = query,
            ["fields"] = new JsonArray([.. fields.Select(f => (JsonNode)f)]),
            ["type"] = type,
        };
        if (op is not null)
        {
            mm["operator"] = op;
        }

        return new JsonObject { ["multi_match"] = mm };
    }

    private static JsonObject Bool(JsonArray? filter = null, JsonArray? must = null, JsonArray? should = null, JsonArray? mustNot = null)
    {
        var b = new JsonObject();
        if (filter is { Count: > 0 })
        {
            b["filter"] = filter;
        }

        if (must is { Count: > 0 })
        {
            b["must"] = must;
        }

        if (should is { Count: > 0 })
        {
            b["should"] = should;
        }

        if (mustNot is { Count: > 0 })
        {
            b["must_not"] = mustNot;
        }

        return new JsonObject { ["bool"] = b };
    }

    private static JsonObject BoolFilter(params JsonNode[] filter) => Bool(filter: new JsonArray(filter));

    private static JsonObject Term(string field, JsonNode value) =>
        new() { ["term"] = new JsonObject { [field] = new JsonObject { ["value"] = value } } };

    private static JsonObject Terms(string field, IEnumerable<string> values) =>
        new() { ["terms"] = new JsonObject { [field] = new JsonArray([.. values.Select(v => (JsonNode)v)]) } };

    private static void AddTerms(JsonArray filter, string field, IReadOnlyCollection<string> values)
    {
        if (values.Count > 0)
        {
            filter.Add(Terms(field, values));
        }
    }

    private static JsonObject Range(string field, string op, DateTimeOffset value) =>
        new() { ["range"] = new JsonObject { [field] = new JsonObject { [op] = ElasticsearchDocument.Date(value) } } };

    private static JsonObject TermsAgg(string field, int size) =>
        new() { ["terms"] = new JsonObject { ["field"] = field, ["size"] = size } };
}
