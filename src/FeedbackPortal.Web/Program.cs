using FeedbackPortal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (await PortalCommands.TryRunAsync(builder, args))
{
    return;
}

builder.AddPortalWeb();
var app = builder.Build();
app.UsePortalWeb();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
