using System.Diagnostics;
using System.Globalization;
using CommunityPortal.Data;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace CommunityPortal.Shared.Api;

/// <summary>
/// Error behaviour of the REST API: every failure is a problem+json document, never an HTML page,
/// a redirect or a stack trace. The Blazor UI keeps its own error and not-found pages.
/// </summary>
public static class ApiPipeline
{
    public const string ApiPrefix = "/api";

    /// <summary>Authorized image downloads: machine-facing like the API (401/404 problems, no login redirect).</summary>
    public const string UploadsPrefix = "/uploads";

    /// <summary>JSON bodies larger than this get 413.</summary>
    public const long MaxJsonBodyBytes = 1024 * 1024;

    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services) => services
        .AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>()
        .AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is { } exception && DatabaseFailures.IsTransient(exception))
            {
                context.ProblemDetails.Title = "Service unavailable";
                context.ProblemDetails.Detail = "The database is busy or full. Nothing was changed; try again in a few seconds.";
                context.HttpContext.Response.Headers.RetryAfter = DatabaseFailures.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }

            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                // Clients know the JSON names ("contenido"), not the C# ones ("Contenido").
                var errors = validation.Errors.ToDictionary(e => JsonFieldName(e.Key), e => e.Value);
                validation.Errors.Clear();
                foreach (var (key, value) in errors)
                {
                    validation.Errors[key] = value;
                }
            }
        });

    /// <summary>"Items[0].NombreCategoria" → "items[0].nombreCategoria".</summary>
    public static string JsonFieldName(string path) =>
        string.Join('.', path.Split('.').Select(part => JsonNamingPolicy.CamelCase.ConvertName(part)));

    public static bool IsApiRequest(this HttpContext context) =>
        context.Request.Path.StartsWithSegments(ApiPrefix) || context.Request.Path.StartsWithSegments(UploadsPrefix);

    /// <summary>Exception and status-code handling: problem details under /api, the UI's pages elsewhere.</summary>
    public static WebApplication UsePortalErrorHandling(this WebApplication app)
    {
        // The UI's error and not-found pages re-run the pipeline for /Error or /not-found, which has to be routed again:
        // only the app's top level can do that (a UseWhen branch has no route builder, and a path that matched no page
        // came back as an empty 404). They sit outside the API's handlers, which answer /api first and switch them off.
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseWhen(IsApiRequest, api =>
        {
            api.Use((context, next) =>
            {
                if (context.Features.Get<IStatusCodePagesFeature>() is { } uiPages)
                {
                    uiPages.Enabled = false;
                }

                return next(context);
            });
            // Logged by the middleware; the client sees a generic 500 problem (details only in Development).
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = ex => ex switch
                {
                    BadHttpRequestException bad => bad.StatusCode,
                    _ when DatabaseFailures.IsTransient(ex) => StatusCodes.Status503ServiceUnavailable,
                    _ => StatusCodes.Status500InternalServerError,
                },
            });
            api.UseStatusCodePages();
            api.Use(LimitJsonBodies);
        });
        return app;
    }

    // JSON bodies are small; a larger one is refused before it is read. Uploads (multipart) set their own limit.
    private static Task LimitJsonBodies(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.HasJsonContentType())
        {
            return next(context);
        }

        if (context.Request.ContentLength > MaxJsonBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Task.CompletedTask;
        }

        context.Request.Body = new MaxLengthRequestStream(context.Request.Body, MaxJsonBodyBytes);
        return next(context);
    }
}
