using System.Net;
using FeedbackPortal.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackPortal.IntegrationTests.Hardening;

/// <summary>The default portal where each test client can come from its own address (header X-Test-Client-Ip).</summary>
public class ManyClientsHost() : PortalHost(new PortalHostOptions())
{
    public const string IpHeader = "X-Test-Client-Ip";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The in-process test server has no peer address; a real network gives each client its own.
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ClientAddressFilter()));
    }

    public HttpClient ClientFrom(string ip)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(IpHeader, ip);
        return client;
    }

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[IpHeader], out var ip))
                {
                    context.Connection.RemoteIpAddress = ip;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class ThrottleHost : ManyClientsHost;

/// <summary>Production settings (ALTCHA with a key, HSTS, Secure cookies), served over https in-process.</summary>
public sealed class ProductionHost() : PortalHost(new PortalHostOptions
{
    Environment = "Production",
    Settings =
    {
        ["Captcha:Provider"] = "Altcha",
        ["Captcha:Altcha:HmacKey"] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ["RateLimits:Enabled"] = "false",
    },
})
{
    public HttpClient HttpsClient(bool redirects = true) => CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        AllowAutoRedirect = redirects,
    });
}
