namespace Assay.Server.Ui;

/// <summary>What every page needs besides its content: the CSP nonce, who is signed in and the sign-out form's token.</summary>
/// <param name="Nonce">The per-response nonce allowed by the Content-Security-Policy for the inline style and script.</param>
/// <param name="User">The signed-in key holder, or null on the sign-in page.</param>
/// <param name="Role">The holder's role, lower case.</param>
/// <param name="IsLead">Whether to offer the lead's pages.</param>
/// <param name="TokenField">The antiforgery form field name.</param>
/// <param name="Token">The antiforgery request token for forms on this page.</param>
internal sealed record PageFrame(string Nonce, string? User, string? Role, bool IsLead, string TokenField, string Token);
