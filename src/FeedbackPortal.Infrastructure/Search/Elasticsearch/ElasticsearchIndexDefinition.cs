using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Analysis;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace FeedbackPortal.Infrastructure.Search.Elasticsearch;

/// <summary>
/// The index template (one primary shard, ES's default since 7.0): analyzers and mappings for every versioned index <c>&lt;prefix&gt;-v*</c>,
/// as the official client's typed request (its serializer writes the body).
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

    public static PutIndexTemplateRequest Template(string prefix) => new(prefix)
    {
        IndexPatterns = prefix + "-v*",
        Priority = 200,
        Template = new IndexTemplateMapping
        {
            Settings = new IndexSettings
            {
                Analysis = new IndexSettingsAnalysis
                {
                    CharFilters = new CharFilters(new Dictionary<string, ICharFilter>
                    {
                        ["vi_dd"] = new MappingCharFilter { Mappings = ["đ => d", "Đ => D"] },
                    }),
                    // The folded token and the original at the same position: a query typed
                    // with its tone marks also matches the accented form in this field.
                    TokenFilters = new TokenFilters(new Dictionary<string, ITokenFilter>
                    {
                        ["vi_ascii"] = new AsciiFoldingTokenFilter { PreserveOriginal = true },
                    }),
                    Analyzers = new Analyzers(new Dictionary<string, IAnalyzer>
                    {
                        [FoldingAnalyzer] = new CustomAnalyzer { Tokenizer = "standard", CharFilter = ["vi_dd"], Filter = ["lowercase", "vi_ascii"] },
                        [ExactAnalyzer] = new CustomAnalyzer { Tokenizer = "standard", Filter = ["lowercase"] },
                    }),
                },
            },
            Mappings = Mappings(),
        },
        // The spec types _meta values as objects.
        Meta = new Dictionary<string, object>
        {
            ["feedbackportal"] = new Dictionary<string, object> { ["description"] = "one document per case", ["schema"] = 1 },
        },
    };

    private static TypeMapping Mappings()
    {
        static KeywordProperty Keyword() => new();
        static DateProperty Date() => new();
        static TextProperty Text() => new()
        {
            Analyzer = FoldingAnalyzer,
            Fields = new Properties(new Dictionary<PropertyName, IProperty> { ["exact"] = new TextProperty { Analyzer = ExactAnalyzer } }),
        };

        return new TypeMapping
        {
            Dynamic = DynamicMapping.Strict,
            Properties = new Properties(new Dictionary<PropertyName, IProperty>
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
                ["overdue"] = new BooleanProperty(),
                ["assigneeId"] = Keyword(),
                ["assigneeName"] = new KeywordProperty { Index = false },
                ["published"] = new BooleanProperty(),
                ["satisfaction"] = new IntegerNumberProperty(),
            }),
        };
    }
}
