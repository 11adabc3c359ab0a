namespace FeedbackPortal.Deploy.Tests;

/// <summary>Finds files of the repository the tests run from.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Locate);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) =>
        System.IO.Path.Combine([Path, .. parts]);

    public static string RelativePath(string fullPath) =>
        System.IO.Path.GetRelativePath(Path, fullPath).Replace('\\', '/');

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "FeedbackPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder containing FeedbackPortal.sln above {AppContext.BaseDirectory}.");
    }
}
