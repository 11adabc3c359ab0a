using YamlDotNet.RepresentationModel;

namespace FeedbackPortal.Deploy.Tests;

/// <summary>One Kubernetes object read from a file under deploy/k8s.</summary>
internal sealed record KubernetesObject(string File, YamlMappingNode Root)
{
    public string Kind => Root.Text("kind") ?? "";

    public string Name => Root.Text("metadata", "name") ?? "";

    public override string ToString() => $"{File}: {Kind}/{Name}";
}

/// <summary>Every YAML document under deploy/k8s, split into the kustomization and the objects it deploys.</summary>
internal static class KubernetesManifests
{
    public const string KustomizationFile = "kustomization.yaml";

    private static readonly Lazy<IReadOnlyList<KubernetesObject>> AllObjects = new(Load);

    public static string Folder => RepositoryRoot.Combine("deploy", "k8s");

    public static IReadOnlyList<string> YamlFiles =>
        Directory.EnumerateFiles(Folder, "*.*", SearchOption.AllDirectories)
            .Where(path => path.EndsWith(".yaml", StringComparison.Ordinal) || path.EndsWith(".yml", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>All Kubernetes objects (every document of every file except kustomization.yaml).</summary>
    public static IReadOnlyList<KubernetesObject> Objects => AllObjects.Value;

    public static YamlMappingNode Kustomization
    {
        get
        {
            var documents = Yaml.LoadDocuments(Path.Combine(Folder, KustomizationFile));
            return Assert.IsType<YamlMappingNode>(Assert.Single(documents).RootNode);
        }
    }

    public static IEnumerable<KubernetesObject> OfKind(string kind) =>
        Objects.Where(item => item.Kind == kind);

    public static KubernetesObject Single(string kind, string name) =>
        Assert.Single(Objects, item => item.Kind == kind && item.Name == name);

    public static IReadOnlyDictionary<string, string> ConfigMapData(string name) =>
        Single("ConfigMap", name).Root.ScalarMap("data");

    public static IReadOnlySet<string> SecretKeys(string name)
    {
        var secret = Single("Secret", name).Root;
        return secret.Keys("data").Concat(secret.Keys("stringData")).ToHashSet(StringComparer.Ordinal);
    }

    private static List<KubernetesObject> Load()
    {
        var objects = new List<KubernetesObject>();
        foreach (var file in YamlFiles.Where(file => file != KustomizationFile))
        {
            foreach (var document in Yaml.LoadDocuments(Path.Combine(Folder, file)))
            {
                // A trailing `---` yields an empty document; anything else must be a mapping.
                if (document.RootNode is YamlScalarNode { Value: null or "" })
                {
                    continue;
                }

                var root = document.RootNode as YamlMappingNode
                    ?? throw new InvalidOperationException($"{file}: a document is not a YAML mapping.");
                objects.Add(new KubernetesObject(file, root));
            }
        }

        return objects;
    }
}
