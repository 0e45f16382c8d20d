using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace CommunityPortal.Shared;

/// <summary>
/// The headers every response carries (pages, API, static files, errors): a Content-Security-Policy without inline
/// script, no framing, no MIME sniffing, a strict referrer and only the camera for the portal itself.
/// </summary>
public static class SecurityHeaders
{
    // MudBlazor writes style attributes and <style> elements, so styles may be inline; scripts never are. The one
    // inline <script> Blazor renders, the import map of fingerprinted assets, is allowed by its hash (ImportMapHash).
    // connect-src 'self' also covers the circuit's WebSocket on the same origin (CSP Level 3, Chromium, Firefox).
    private const string ScriptSrc = "default-src 'self'; script-src 'self'";

    private const string Rest =
        "; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; frame-src 'none'; frame-ancestors 'none'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'";

    // The camera for the photo picker's "take a photo"; nothing else a portal page needs.
    public const string PermissionsPolicy = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()";

    private static readonly ConditionalWeakTable<ImportMapDefinition, string> Hashes = [];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // OnStarting: also reaches responses written by later middleware (static files, status-code pages, errors).
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(http.GetEndpoint());
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>The policy for a response of this endpoint (a page adds its import map's hash).</summary>
    public static string ContentSecurityPolicy(Endpoint? endpoint)
    {
        var importMap = endpoint?.Metadata.GetMetadata<ImportMapDefinition>();
        return importMap is null ? ScriptSrc + Rest : $"{ScriptSrc} '{Hashes.GetValue(importMap, ImportMapHash)}'{Rest}";
    }

    /// <summary>The CSP source for the <c>&lt;script type="importmap"&gt;</c> that <c>&lt;ImportMap /&gt;</c> renders.</summary>
    /// <remarks>The component writes <see cref="ImportMapDefinition.ToString"/> (its JSON) as the element's content.</remarks>
    public static string ImportMapHash(ImportMapDefinition importMap) =>
        "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.ToString())));
}
