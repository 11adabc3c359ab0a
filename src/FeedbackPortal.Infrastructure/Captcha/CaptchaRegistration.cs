using FeedbackPortal.Infrastructure.Portal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Captcha;

public static class CaptchaRegistration
{
    /// <summary>Registers the verifier chosen by Captcha:Provider and validates its settings now.</summary>
    public static IServiceCollection AddPortalCaptchaProvider(this IServiceCollection services, IConfiguration configuration,
        CaptchaProvider provider, bool isDevelopment = false)
    {
        switch (provider)
        {
            case CaptchaProvider.None:
                services.AddSingleton<ICaptchaVerifier, NoCaptchaVerifier>();
                break;
            case CaptchaProvider.Altcha:
                AddAltcha(services, configuration, isDevelopment);
                break;
            case CaptchaProvider.Recaptcha:
                AddRecaptcha(services, configuration);
                break;
            default:
                throw new PortalConfigurationException($"Captcha:Provider '{provider}' is not supported.");
        }

        return services;
    }

    private static void AddAltcha(IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        var altcha = configuration.GetSection(AltchaOptions.Section).Get<AltchaOptions>() ?? new AltchaOptions();
        if (string.IsNullOrWhiteSpace(altcha.HmacKey) && !isDevelopment)
        {
            throw new PortalConfigurationException(
                "Captcha:Altcha:HmacKey is required outside Development (a random secret of at least 32 characters, the same on every replica).");
        }

        if (!string.IsNullOrWhiteSpace(altcha.HmacKey) && altcha.HmacKey.Length < 32)
        {
            throw new PortalConfigurationException("Captcha:Altcha:HmacKey must be at least 32 characters long.");
        }

        if (altcha.MaxNumber is < 1 or > 10_000_000)
        {
            throw new PortalConfigurationException("Captcha:Altcha:MaxNumber must be between 1 and 10000000.");
        }

        if (altcha.Expiry < TimeSpan.FromSeconds(30) || altcha.Expiry > TimeSpan.FromDays(1))
        {
            throw new PortalConfigurationException("Captcha:Altcha:Expiry must be between 30 seconds and 1 day.");
        }

        services.AddOptions<AltchaOptions>().Bind(configuration.GetSection(AltchaOptions.Section));
        services.AddSingleton(sp => new AltchaKey(altcha.HmacKey,
            sp.GetRequiredService<IOptions<PortalOptions>>().Value.ResolveDataPath(AltchaKey.DevelopmentKeyFile)));
        services.AddScoped<AltchaCaptcha>();
        services.AddScoped<ICaptchaVerifier>(sp => sp.GetRequiredService<AltchaCaptcha>());
    }

    private static void AddRecaptcha(IServiceCollection services, IConfiguration configuration)
    {
        var recaptcha = configuration.GetSection(RecaptchaOptions.Section).Get<RecaptchaOptions>() ?? new RecaptchaOptions();
        if (string.IsNullOrWhiteSpace(recaptcha.SiteKey) || string.IsNullOrWhiteSpace(recaptcha.SecretKey))
        {
            throw new PortalConfigurationException("Captcha:Recaptcha:SiteKey and Captcha:Recaptcha:SecretKey are required for the Recaptcha provider.");
        }

        if (!Uri.TryCreate(recaptcha.VerifyUrl, UriKind.Absolute, out _))
        {
            throw new PortalConfigurationException("Captcha:Recaptcha:VerifyUrl must be an absolute URL.");
        }

        if (recaptcha.MinimumScore is < 0 or > 1)
        {
            throw new PortalConfigurationException("Captcha:Recaptcha:MinimumScore must be between 0 and 1.");
        }

        services.AddOptions<RecaptchaOptions>().Bind(configuration.GetSection(RecaptchaOptions.Section));
        services.AddHttpClient<RecaptchaVerifier>(c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddTransient<ICaptchaVerifier>(sp => sp.GetRequiredService<RecaptchaVerifier>());
    }
}
