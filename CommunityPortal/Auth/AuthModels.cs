using System.ComponentModel.DataAnnotations;

namespace CommunityPortal.Auth;

public sealed record LoginRequest([property: Required] string Email, [property: Required] string Password);

public sealed record RefreshRequest([property: Required] string RefreshToken);

public sealed record LogoutRequest([property: Required] string RefreshToken);

public sealed record ForgotPasswordRequest([property: Required, EmailAddress, MaxLength(256)] string Email);

/// <summary>What <c>POST /api/auth/forgot-password</c> answers, the same whether or not the account exists.</summary>
public sealed record ForgotPasswordAccepted(string Message);

/// <summary><c>token</c> is the <c>code</c> of the e-mailed link (<c>Account/ResetPassword?code=…</c>).</summary>
public sealed record ResetPasswordRequest([property: Required] string Email, [property: Required] string Token, string? NewPassword);

/// <summary>What <c>POST /api/auth/login</c> and <c>/refresh</c> answer; <c>expiresIn</c> is the access token's lifetime in seconds.</summary>
public sealed record TokenResponse(string TokenType, string AccessToken, long ExpiresIn, string RefreshToken);

public sealed record MeResidentDto(int ResidentId, int CommunityId, string CommunityName, string Unit);

public sealed record MeDto(
    string UserId, string? Email, string DisplayName, IReadOnlyList<string> Roles, int? CompanyId,
    IReadOnlyList<MeResidentDto> Residents);
