using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace FeedbackPortal.Deploy.Tests;

/// <summary>Small navigation helpers over YamlDotNet's representation model.</summary>
internal static class Yaml
{
    public static IReadOnlyList<YamlDocument> LoadDocuments(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        // MergingParser resolves `<<: *anchor` merge keys, which docker-compose files may use.
        stream.Load(new MergingParser(new Parser(reader)));
        return [.. stream.Documents];
    }

    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping ||
                !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlScalarNode { Value: { } value } ? value : null;

    public static YamlMappingNode? Mapping(this YamlNode? node, params string[] path) =>
        node.At(path) as YamlMappingNode;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyDictionary<string, string> ScalarMap(this YamlNode? node, params string[] path)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node.At(path) is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                if (key is YamlScalarNode { Value: { } name })
                {
                    result[name] = value is YamlScalarNode scalar ? scalar.Value ?? "" : "";
                }
            }
        }

        return result;
    }

    public static IEnumerable<string> Keys(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.Keys.OfType<YamlScalarNode>().Select(key => key.Value ?? "")
            : [];

    public static bool HasContent(this YamlNode? node, params string[] path) =>
        node.At(path) switch
        {
            YamlScalarNode scalar => !string.IsNullOrWhiteSpace(scalar.Value),
            YamlMappingNode mapping => mapping.Children.Count > 0,
            YamlSequenceNode sequence => sequence.Children.Count > 0,
            _ => false,
        };
}
