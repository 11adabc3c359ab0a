using FeedbackPortal.Infrastructure.Portal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.Infrastructure.Captcha;

public static class CaptchaRegistration
{
    public static IServiceCollection AddPortalCaptchaProvider(this IServiceCollection services, IConfiguration configuration, CaptchaProvider provider)
    {
        _ = configuration;
        switch (provider)
        {
            case CaptchaProvider.None:
                services.AddSingleton<ICaptchaVerifier, NoCaptchaVerifier>();
                break;
            default:
                throw new PortalConfigurationException($"Captcha:Provider '{provider}' is not available yet.");
        }

        return services;
    }
}
