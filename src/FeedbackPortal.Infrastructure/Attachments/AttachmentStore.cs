using System.Security.Cryptography;
using FeedbackPortal.Infrastructure.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FeedbackPortal.Infrastructure.Attachments;

/// <summary>Settings under "Attachments".</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Attachments";

    public int MaxFiles { get; set; } = 5;
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Where files are kept; default &lt;data directory&gt;/attachments. Never under wwwroot.</summary>
    public string? Directory { get; set; }

    /// <summary>Largest body an upload endpoint accepts: all files plus room for the form fields.</summary>
    public long MaxUploadBytes => (MaxFiles * MaxFileBytes) + (1024 * 1024);
}

/// <summary>A validated file waiting (under a temporary name) for its submission's transaction.</summary>
public sealed record StagedAttachment(string StagingName, string StoredName, string FileName, string ContentType, long Size, string Sha256);

public enum AttachmentProblem
{
    TooMany = 1,
    TooLarge,
    Empty,
    NotAllowed,

    /// <summary>The content is an accepted kind, but not the kind the file's name says (a JPEG named .pdf).</summary>
    NameMismatch,
}

public sealed class AttachmentRejectedException(AttachmentProblem problem, string fileName)
    : Exception($"Attachment '{fileName}' refused: {problem}.")
{
    public AttachmentProblem Problem { get; } = problem;
    public string FileName { get; } = fileName;
}

/// <summary>
/// Files on disk outside the web root. Uploads are first written to a staging name (checked by
/// content and hashed on the way), moved into place only after the submission's transaction commits,
/// and deleted when it fails. Stale staging files (abandoned forms) are purged after a few hours.
/// </summary>
public sealed class AttachmentStore(IOptions<AttachmentOptions> options, IOptions<PortalOptions> portal, TimeProvider clock)
{
    private static readonly TimeSpan StagingLifetime = TimeSpan.FromHours(3);

    public AttachmentOptions Options => options.Value;

    public string Root => string.IsNullOrWhiteSpace(options.Value.Directory)
        ? portal.Value.ResolveDataPath("attachments")
        : Path.GetFullPath(options.Value.Directory);

    private string StagingRoot => Path.Combine(Root, ".staging");

    public async Task<StagedAttachment> StageAsync(string? fileName, Stream source, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var name = CleanFileName(fileName);
        Directory.CreateDirectory(StagingRoot);
        PurgeStaleStaging();
        var stagingName = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(StagingRoot, stagingName);
        try
        {
            string sha256;
            long size;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                size = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > Options.MaxFileBytes)
                    {
                        throw new AttachmentRejectedException(AttachmentProblem.TooLarge, name);
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                if (size == 0)
                {
                    throw new AttachmentRejectedException(AttachmentProblem.Empty, name);
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                await file.FlushAsync(ct);
                var type = FileSignatures.Detect(file) ?? throw new AttachmentRejectedException(AttachmentProblem.NotAllowed, name);
                if (!FileSignatures.NameMatches(type, name))
                {
                    throw new AttachmentRejectedException(AttachmentProblem.NameMismatch, name);
                }

                var now = clock.GetUtcNow();
                var stored = $"{now:yyyy}/{now:MM}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
                return new StagedAttachment(stagingName, stored, name, type, size, sha256);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A staged file named in a (protected) form token, if it is still there.</summary>
    public bool IsStaged(StagedAttachment staged) =>
        staged is not null && IsHexName(staged.StagingName) && File.Exists(Path.Combine(StagingRoot, staged.StagingName));

    /// <summary>After the commit: move each staged file to its final random name.</summary>
    public void Commit(IEnumerable<StagedAttachment> staged)
    {
        foreach (var s in staged)
        {
            var target = Path.Combine(Root, s.StoredName);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(Path.Combine(StagingRoot, s.StagingName), target);
        }
    }

    /// <summary>
    /// Stages uploaded files in order. When one is refused, the ones already staged are discarded
    /// and the refusal is rethrown, so a caller never holds half a set.
    /// </summary>
    /// <exception cref="AttachmentRejectedException">A file failed the content, size or name checks.</exception>
    public async Task<List<StagedAttachment>> StageUploadsAsync(IEnumerable<IFormFile> uploads, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var staged = new List<StagedAttachment>();
        try
        {
            foreach (var upload in uploads)
            {
                await using var stream = upload.OpenReadStream();
                staged.Add(await StageAsync(upload.FileName, stream, ct));
            }

            return staged;
        }
        catch (AttachmentRejectedException)
        {
            Discard(staged);
            throw;
        }
    }

    public void Discard(IEnumerable<StagedAttachment> staged)
    {
        foreach (var s in staged.Where(s => IsHexName(s.StagingName)))
        {
            File.Delete(Path.Combine(StagingRoot, s.StagingName));
        }
    }

    public Stream OpenRead(Attachment attachment) =>
        new FileStream(PathOf(attachment), FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);

    /// <summary>After the commit that removed its row (e.g. a replaced answer proposal).</summary>
    public void Delete(Attachment attachment) => File.Delete(PathOf(attachment));

    private string PathOf(Attachment attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        var path = Path.GetFullPath(Path.Combine(Root, attachment.StoredName));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException("Attachment path escapes the attachments directory.");
    }

    /// <summary>Keeps the base name only, without control or path characters, at most 200 chars.</summary>
    public static string CleanFileName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('/' or '"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim();
        if (name.Length > 200)
        {
            var ext = Path.GetExtension(name);
            name = name[..(200 - Math.Min(ext.Length, 20))] + ext[..Math.Min(ext.Length, 20)];
        }

        return name.Length == 0 ? "file" : name;
    }

    private static bool IsHexName(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    private void PurgeStaleStaging()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - StagingLifetime;
        foreach (var file in new DirectoryInfo(StagingRoot).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < cutoff)
            {
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    // In use by a concurrent request; next time.
                }
            }
        }
    }
}

public static class AttachmentRegistration
{
    public static IServiceCollection AddPortalAttachments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().Bind(configuration.GetSection(AttachmentOptions.Section))
            .Validate(o => o.MaxFiles is >= 0 and <= 50, "Attachments:MaxFiles must be between 0 and 50.")
            .Validate(o => o.MaxFileBytes is > 0 and <= 1024L * 1024 * 1024, "Attachments:MaxFileBytes must be between 1 byte and 1 GB.")
            .ValidateOnStart();
        services.AddSingleton<AttachmentStore>();
        return services;
    }
}
