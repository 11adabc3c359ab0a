using System.Text.Json.Nodes;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The index template (one primary shard, ES's default since 7.0): analyzers and mappings for every versioned index <c>&lt;prefix&gt;-v*</c>.
/// Built-in analysis only (no plugins): <c>vi_folding</c> = a mapping char filter đ/Đ → d/D, the
/// standard tokenizer, lowercase and asciifolding with preserve_original (which strips Vietnamese
/// tone and vowel marks and keeps the accented token too);
/// <c>vi_exact</c> keeps the diacritics for the <c>.exact</c> sub-fields that rank exact accented
/// matches first. NFD input would defeat the mapping and tokenizer (ES's icu_normalizer is a
/// plugin), so the engine normalises documents and queries to NFC in C# before sending them.
/// </summary>
public static class ElasticsearchIndexDefinition
{
    public const string FoldingAnalyzer = "vi_folding";
    public const string ExactAnalyzer = "vi_exact";

    public static JsonObject Template(string prefix) => new()
    {
        ["index_patterns"] = new JsonArray(prefix + "-v*"),
        ["priority"] = 200,
        ["template"] = new JsonObject
        {
            ["settings"] = new JsonObject
            {
                ["analysis"] = new JsonObject
                {
                    ["char_filter"] = new JsonObject
                    {
                        ["vi_dd"] = new JsonObject
                        {
                            ["type"] = "mapping",
                            ["mappings"] = new JsonArray("đ => d", "Đ => D"),
                        },
                    },
                    ["filter"] = new JsonObject
                    {
                        // The folded token and the original at the same position: a query typed
                        // with its tone marks also matches the accented form in this field.
                        ["vi_ascii"] = new JsonObject { ["type"] = "asciifolding", ["preserve_original"] = true },
                    },
                    ["analyzer"] = new JsonObject
                    {
                        [FoldingAnalyzer] = new JsonObject
                        {
                            ["type"] = "custom",
                            ["tokenizer"] = "standard",
                            ["char_filter"] = new JsonArray("vi_dd"),
                            ["filter"] = new JsonArray("lowercase", "vi_ascii"),
                        },
                        [ExactAnalyzer] = new JsonObject
                        {
                            ["type"] = "custom",
                            ["tokenizer"] = "standard",
                            ["filter"] = new JsonArray("lowercase"),
                        },
                    },
                },
            },
            ["mappings"] = Mappings(),
        },
        // The spec types _meta values as objects.
        ["_meta"] = new JsonObject { ["feedbackportal"] = new JsonObject { ["description"] = "one document per case", ["schema"] = 1 } },
    };

    private static JsonObject Mappings()
    {
        static JsonObject Keyword() => new() { ["type"] = "keyword" };
        static JsonObject Date() => new() { ["type"] = "date" };
        static JsonObject Text() => new()
        {
            ["type"] = "text",
            ["analyzer"] = FoldingAnalyzer,
            ["fields"] = new JsonObject { ["exact"] = new JsonObject { ["type"] = "text", ["analyzer"] = ExactAnalyzer } },
        };

        return new JsonObject
        {
            ["dynamic"] = "strict",
            ["properties"] = new JsonObject
            {
                ["trackingCode"] = Keyword(),
                ["submissionId"] = Keyword(),
                ["kind"] = Keyword(),
                ["title"] = Text(),
                ["content"] = Text(),
                ["answer"] = Text(),
                ["field"] = Keyword(),
                ["system"] = Keyword(),
                ["agency"] = Keyword(),
                ["locality"] = Keyword(),
                ["status"] = Keyword(),
                ["submittedAt"] = Date(),
                ["updatedAt"] = Date(),
                ["deadline"] = Date(),
                ["overdue"] = new JsonObject { ["type"] = "boolean" },
                ["assigneeId"] = Keyword(),
                ["assigneeName"] = new JsonObject { ["type"] = "keyword", ["index"] = false },
                ["published"] = new JsonObject { ["type"] = "boolean" },
                ["satisfaction"] = new JsonObject { ["type"] = "integer" },
            },
        };
    }
}
