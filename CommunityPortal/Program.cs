using CommunityPortal.Auth;
using CommunityPortal.Components;
using CommunityPortal.Components.Account;
using CommunityPortal.Components.Circuits;
using CommunityPortal.Data;
using CommunityPortal.Features.Accounts;
using CommunityPortal.Features.Admin;
using CommunityPortal.Features.Categories;
using CommunityPortal.Features.Comments;
using CommunityPortal.Features.Communities;
using CommunityPortal.Features.Companies;
using CommunityPortal.Features.Email;
using CommunityPortal.Features.Health;
using CommunityPortal.Features.Images;
using CommunityPortal.Features.Install;
using CommunityPortal.Features.Live;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Preferences;
using CommunityPortal.Features.Residents;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Features.Statuses;
using CommunityPortal.Features.Users;
using CommunityPortal.Shared;
using CommunityPortal.Shared.Api;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddPortalCircuits(builder.Configuration);
builder.Services.AddMudServices();
builder.Services.AddPortalLocalization();

builder.Services.AddPortalDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddScoped<SeedData>();

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddScoped<IdentityRedirectManager>();
builder.Services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = IdentityConstants.ApplicationScheme;
        options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
    })
    .AddIdentityCookies();
builder.Services.AddAuthentication().AddBearerToken(IdentityConstants.BearerScheme, TokenService.ConfigureBearer);
builder.Services.ConfigureApplicationCookie(ApiCookieEvents.Configure);
builder.Services.AddAuthorizationBuilder().AddPortalPolicies();
builder.Services.AddIdentityCore<ApplicationUser>(PortalIdentityOptions.Configure)
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<AppDbContext>()
    .AddSignInManager<PortalSignInManager>()
    .AddDefaultTokenProviders()
    .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.ProviderName)
    .AddClaimsPrincipalFactory<PortalClaimsPrincipalFactory>()
    .AddErrorDescriber<LocalizedIdentityErrorDescriber>();
builder.Services.AddPortalSessionRules();
builder.Services.AddSingleton<IEmailSender<ApplicationUser>, OutboxIdentityEmailSender>();
builder.Services.Configure<LoginRateLimitOptions>(builder.Configuration.GetSection("RateLimiting:Login"));
builder.Services.AddSingleton<LoginRateLimiter>();
builder.Services.AddSingleton<AccessTokenCheck>();
builder.Services.AddSingleton<TokenService>();

builder.Services.AddSingleton<PublicLinks>();
builder.Services.AddSingleton<UserLimits>();
builder.Services.AddPortalReverseProxy(builder.Configuration);
builder.Services.AddScoped<CurrentUserAccessor>();
builder.Services.AddSingleton<AccountService>();
builder.Services.AddSingleton<AccountEmails>();
builder.Services.AddSingleton<AnonymousRequestEmails>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<AnonymousRequestEmails>());
builder.Services.AddScoped<PasswordChangeNotice>();
builder.Services.AddScoped<ResidentService>();
builder.Services.AddScoped<ResidentIntake>();
builder.Services.AddScoped<ResidentAdminService>();
builder.Services.AddScoped<CommunityService>();
builder.Services.AddScoped<CompanyService>();
builder.Services.AddScoped<TicketQueries>();
builder.Services.AddScoped<TicketService>();
builder.Services.AddScoped<CommentService>();
builder.Services.AddScoped<NotificationService>();
builder.Services.AddSingleton<EmailOutbox>();
builder.Services.AddSingleton<UnsubscribeTokens>();
builder.Services.AddSingleton<NotificationMail>();
builder.Services.AddScoped<NotificationPreferenceService>();
builder.Services.AddSingleton<EmailDigestJob>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<EmailDigestJob>());
builder.Services.AddSingleton<PortalName>();
builder.Services.AddEmailTransport(builder.Configuration);
builder.Services.AddSingleton<OutboxSender>();
builder.Services.AddScoped<EmailAdminService>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<OutboxSender>());
builder.Services.AddSingleton<TicketEvents>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<CategoryService>();
builder.Services.AddScoped<StatusService>();
builder.Services.AddImages(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddScoped<DashboardService>();
builder.Services.AddScoped<BulkStatusService>();
builder.Services.AddScoped<UserAdminService>();

// Keys persist so sign-in cookies survive a restart; private files, encrypted with a certificate when one is set.
builder.Services.AddPortalDataProtection(builder.Configuration, builder.Environment.ContentRootPath);

builder.Services.AddPortalAntiforgery();
builder.Services.AddApiProblemDetails();
builder.Services.AddValidation();
builder.Services.AddPortalOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

var app = builder.Build();

await app.Services.InitializeDatabaseAsync();

// First: everything after it (HSTS, Secure cookies, the sign-in rate limiter, logs) sees the client, not the proxy.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UsePortalErrorHandling();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseRequestLocalization();
// Explicit, so 401/403 from authorization pass through the problem-details middleware above.
app.UseAuthentication();
app.UseAuthorization();
app.UseApiAntiforgery();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/healthz").AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference("/scalar").AllowAnonymous();
}

app.MapPreferenceEndpoints();
app.MapWebAppManifest();
app.MapAuthEndpoints();
app.MapTicketEndpoints();
app.MapCommentEndpoints();
app.MapCategoryEndpoints();
app.MapStatusEndpoints();
app.MapImageEndpoints();
app.MapNotificationEndpoints();
app.MapUnsubscribeEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
