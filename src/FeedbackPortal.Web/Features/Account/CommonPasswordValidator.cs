using System.IO.Compression;
using FeedbackPortal.Infrastructure.Staff;
using Microsoft.AspNetCore.Identity;

namespace FeedbackPortal.Web.Features.Account;

/// <summary>
/// Refuses the 10,000 most common passwords (Data/common-passwords.txt.gz, see its README) for staff
/// accounts. Compared on lower-cased letters and digits, so symbols and capitals added to satisfy the
/// composition rules ("Password123!") do not rescue a common password.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<StaffUser>
{
    public const string ErrorCode = "CommonPassword";

    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public static int Count => Common.Value.Count;

    public static bool IsCommon(string? password) =>
        !string.IsNullOrEmpty(password) && Common.Value.Contains(Canonical(password));

    public Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return Task.FromResult(IsCommon(password)
            ? IdentityResult.Failed(manager.ErrorDescriber is LocalizedIdentityErrors localized
                ? localized.CommonPassword()
                : new IdentityError { Code = ErrorCode, Description = "This password is one of the most common passwords." })
            : IdentityResult.Success);
    }

    private static string Canonical(string password) =>
        new(password.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static HashSet<string> Load()
    {
        using var resource = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("FeedbackPortal.CommonPasswords")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(Canonical(line));
            }
        }

        return set;
    }
}
