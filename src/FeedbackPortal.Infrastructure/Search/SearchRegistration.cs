using FeedbackPortal.Infrastructure.Portal;
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
                services.AddSingleton<ISearchIndex>(sp =>
                    new EmbeddedSearchIndex(sp.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataPath("search")));
                break;
            default:
                throw new PortalConfigurationException("Search:Engine 'Elasticsearch' is not available yet.");
        }

        return services;
    }
}
