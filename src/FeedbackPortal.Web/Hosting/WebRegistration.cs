using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using FeedbackPortal.Infrastructure;
using FeedbackPortal.Infrastructure.Attachments;
using FeedbackPortal.Infrastructure.Captcha;
using FeedbackPortal.Infrastructure.Messaging;
using FeedbackPortal.Infrastructure.Persistence;
using FeedbackPortal.Infrastructure.Portal;
using FeedbackPortal.Infrastructure.Staff;
using FeedbackPortal.Infrastructure.Telemetry;
using FeedbackPortal.Web.Features.Cases;
using FeedbackPortal.Web.Features.Intake;
using FeedbackPortal.Web.Features.Ratings;
using FeedbackPortal.Web.Features.Shared;
using FeedbackPortal.Web.Features.Status;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Razor;

namespace FeedbackPortal.Web.Hosting;

public static class WebRegistration
{
    public static readonly CultureInfo[] Cultures = [new("vi"), new("en")];

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddPortalCore(configuration);
        builder.AddPortalTelemetry("feedbackportal-web");
        var portal = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>() ?? new PortalOptions();
        if (portal.InProcessWorkers)
        {
            services.AddPortalWorkers(configuration);
        }

        services.AddPortalCaptcha(configuration, builder.Environment);
        services.AddPortalAttachments(configuration);
        services.AddPortalAbuseLimits(configuration);
        services.AddPortalSignInThrottle(configuration);
        services.AddPortalSecurityHeaders(builder.Environment);
        services.AddPortalApiErrors();
        services.AddPortalOpenApi();
        services.AddPortalIdentity(builder.Environment);
        services.AddPortalLocalization();

        services.AddControllersWithViews(o => o.Filters.Add<InputTextFilter>())
            .AddViewLocalization()
            .AddRazorOptions(o =>
            {
                // Feature folders: a feature's views sit next to its controller.
                o.ViewLocationFormats.Clear();
                o.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
                o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
            });
        // Its cookie is made Secure outside Development by the cookie policy (SecurityHeaders), not by
        // SecurePolicy.Always here: that would refuse every plain-http request behind a TLS-terminating proxy.
        services.AddAntiforgery(o => o.Cookie.Name = "fp.af");
        // Vietnamese letters as themselves, not &#x...; entities: readable and about half the bytes.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddAssetManifest();
        services.AddPortalPerformance();
        services.AddScoped<FeedbackPortal.Web.Features.Home.HomeFiguresQuery>();
        services.AddScoped<IntakeHandler>();
        services.AddScoped<IntakeIdempotency>();
        services.AddScoped<IntakeValidator>();
        services.AddScoped<SimilarCases>();
        services.AddSingleton<IntakeTokens>();
        services.AddSingleton<RememberedContact>();
        services.AddScoped<StatusQuery>();
        services.AddSingleton(new StatusOptions(PortalConfigurationException.ParseChoice(
            StatusOptions.OfficerDisplayKey, configuration[StatusOptions.OfficerDisplayKey], OfficerDisplay.TitleAndUnit)));
        services.AddRatings();
        services.AddScoped<ReferenceLists>();
        services.AddScoped<Features.Transfers.TransferHandler>();
        services.AddStaffCaseWork();

        // Health checks come with AddPortalCore (Infrastructure/Health), shared with the worker host.
        services.AddPortalDataProtection(configuration);
        return builder;
    }

    private static IServiceCollection AddPortalIdentity(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddIdentity<StaffUser, IdentityRole>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequireUppercase = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddErrorDescriber<Features.Account.LocalizedIdentityErrors>()
            .AddPasswordValidator<Features.Account.CommonPasswordValidator>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "fp.staff";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        services.AddAuthentication().AddScheme<ApiKeyOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Officer, StaffRoles.Head, StaffRoles.Coordinator, StaffRoles.Admin))
            .AddPolicy(Policies.Coordinator, p => p.RequireRole(StaffRoles.Coordinator, StaffRoles.Admin))
            .AddPolicy(Policies.Head, p => p.RequireRole(StaffRoles.Head, StaffRoles.Coordinator, StaffRoles.Admin))
            .AddPolicy(Policies.TemplateManager, p => p.RequireRole(StaffRoles.Head, StaffRoles.Coordinator))
            .AddPolicy(Policies.Admin, p => p.RequireRole(StaffRoles.Admin))
            .AddPolicy(Policies.PartnerApi, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName)
                .RequireClaim(ApiKeyHandler.ClientKindClaim, nameof(ApiClientKind.Partner), nameof(ApiClientKind.Agency)))
            .AddPolicy(Policies.AgencyApi, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName)
                .RequireClaim(ApiKeyHandler.ClientKindClaim, nameof(ApiClientKind.Agency)));
        services.AddScoped<StaffScope>();
        return services;
    }

    private static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("vi");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Explicit choice (query, then the switch's cookie) beats the browser's Accept-Language.
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    private static IServiceCollection AddPortalCaptcha(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = PortalConfigurationException.ParseChoice("Captcha:Provider", configuration["Captcha:Provider"], CaptchaProvider.Altcha);
        if (provider == CaptchaProvider.None && environment.IsProduction())
        {
            throw new PortalConfigurationException("Captcha:Provider 'None' is for Development and tests only; the portal refuses it in Production.");
        }

        services.AddPortalCaptchaProvider(configuration, provider, environment.IsDevelopment());
        return services;
    }
}

public static class Policies
{
    public const string Staff = "Staff";
    public const string Coordinator = "Coordinator";
    public const string Head = "Head";
    public const string TemplateManager = "TemplateManager";
    public const string Admin = "Admin";
    public const string PartnerApi = "PartnerApi";
    public const string AgencyApi = "AgencyApi";
}
