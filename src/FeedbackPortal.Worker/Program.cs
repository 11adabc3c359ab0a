using FeedbackPortal.Worker;

// Slim builder: no MVC, no static files, no Razor; Kestrel only answers the health probes.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddPortalWorkerHost();
var app = builder.Build();
app.UsePortalWorkerHost();
await app.RunAsync();

/// <summary>Entry point of the worker host.</summary>
public partial class Program;
