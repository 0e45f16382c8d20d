using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CommunityPortal.Shared.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json: only the REST API (not the UI's helper endpoints), with the
/// bearer scheme declared and required on every operation that needs a signed-in user.
/// </summary>
public static class OpenApiSetup
{
    public const string BearerSchemeName = "Bearer";

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true
                || description.RelativePath?.StartsWith("uploads/", StringComparison.Ordinal) == true
                || description.RelativePath == "healthz";
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "CommunityPortal API";
                document.Info.Description = "Tickets, comments, categories, statuses and images of the community portal. "
                    + "Sign in with POST /api/auth/login and send the access token as a bearer token.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Access token from POST /api/auth/login (or /api/auth/refresh).",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerSchemeName, context.Document)] = [],
                    });
                }

                return Task.CompletedTask;
            });
        });
}
