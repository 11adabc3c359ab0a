using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Search.Elasticsearch;
using FeedbackPortal.Infrastructure.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Search;

public enum SearchEngine
{
    Embedded = 1,
    Elasticsearch,
}

public static class SearchRegistration
{
    public static SearchEngine Engine(IConfiguration configuration) =>
        PortalConfigurationException.ParseChoice("Search:Engine", configuration["Search:Engine"], SearchEngine.Embedded);

    public static IServiceCollection AddPortalSearch(this IServiceCollection services, IConfiguration configuration)
    {
        switch (Engine(configuration))
        {
            case SearchEngine.Embedded:
                services.AddSingleton<ISearchIndex>(sp => Timed(sp, "staff",
                    new EmbeddedSearchIndex(sp.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataPath("search"))));
                services.AddSingleton(sp => new PublicSearchIndex(Timed(sp, "public",
                    new EmbeddedSearchIndex(sp.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataPath("search-public")))));
                break;
            case SearchEngine.Elasticsearch:
                // Validated now, so a bad URL stops start-up instead of the first search.
                var options = ElasticsearchOptions.FromConfiguration(configuration);
                services.AddSingleton<ISearchIndex>(sp => Timed(sp, "staff", new ElasticsearchSearchIndex(options)));
                services.AddSingleton(sp => new PublicSearchIndex(Timed(sp, "public", new ElasticsearchSearchIndex(options.ForPublicIndex()))));
                break;
        }

        services.AddSingleton<SearchReindexer>();
        return services;
    }

    private static TimedSearchIndex Timed(IServiceProvider services, string index, ISearchIndex engine) =>
        new(engine, index, services.GetRequiredService<PortalMetrics>());
}
