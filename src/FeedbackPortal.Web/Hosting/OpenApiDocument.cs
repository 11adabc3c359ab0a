using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedbackPortal.Web.Hosting;

/// <summary>The JSON API described at /openapi/v1.json, with the X-Api-Key security scheme.</summary>
public static class OpenApiDocument
{
    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", o =>
        {
            // Only the machine APIs; the HTML pages are not part of the contract.
            o.ShouldInclude = d => d.RelativePath is { } p
                && (p.StartsWith("api/", StringComparison.OrdinalIgnoreCase) || p.StartsWith("open311/", StringComparison.OrdinalIgnoreCase));
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "FeedbackPortal API",
                    Version = "v1",
                    Description = "Submissions from partner apps (API key), status for everyone, case updates and attachments for agency systems, Open311 GeoReport v2.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyHandler.HeaderName,
                    Description = "Partner or agency API key issued by the portal's coordinators.",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer(async (operation, context, ct) =>
            {
                // JSON and multipart are two actions on one path; the document keeps one operation, so it lists both bodies.
                if (context.Description.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor
                    { ControllerTypeInfo.Name: nameof(Features.Intake.SubmissionsApiController) } && operation.RequestBody is OpenApiRequestBody body)
                {
                    body.Content ??= new Dictionary<string, OpenApiMediaType>();
                    body.Content.TryAdd("application/json", new OpenApiMediaType
                    {
                        Schema = await context.GetOrCreateSchemaAsync(typeof(Features.Intake.IntakeRequest), null, ct),
                    });
                    body.Content.TryAdd("multipart/form-data", new OpenApiMediaType
                    {
                        Schema = await context.GetOrCreateSchemaAsync(typeof(Features.Intake.SubmissionWithFiles), null, ct),
                    });
                }

                // Intake POSTs take an optional Idempotency-Key (read by the actions themselves; see docs/intake.md).
                if (context.Description.HttpMethod == "POST" && context.Description.RelativePath is "api/v1/submissions" or "open311/v2/requests.json")
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = Features.Intake.IntakeIdempotency.HeaderName,
                        In = ParameterLocation.Header,
                        Required = false,
                        Description = "Makes a retry safe: the same key (per API client, kept 24 h) returns the original answer " +
                            "instead of creating a second case; the same key with another request is refused with 422.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
                    });
                }

                var secured = context.Description.ActionDescriptor.EndpointMetadata
                    .OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
                    .Any(a => a.Policy is Policies.PartnerApi or Policies.AgencyApi);
                if (secured)
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(ApiKeyHandler.SchemeName, context.Document)] = [],
                    });
                }
            });
        });
        return services;
    }

    public static WebApplication MapPortalOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
