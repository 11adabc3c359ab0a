using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace FeedbackPortal.Deploy.Tests;

public sealed partial class DockerfileTests
{
    public static TheoryData<string> Dockerfiles => new() { "deploy/web.Dockerfile", "deploy/worker.Dockerfile" };

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_image_runs_on_the_aspnet_10_runtime_as_a_non_root_user(string dockerfile)
    {
        var finalStage = Stages(dockerfile)[^1];

        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0(\s|$)", finalStage[0].Arguments);
        var user = Assert.Single(finalStage, instruction => instruction.Keyword == "USER").Arguments;
        Assert.DoesNotMatch(@"^(root|0)(:|$)", user);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_runtime_stage_declares_a_healthcheck_a_port_and_an_entrypoint(string dockerfile)
    {
        var finalStage = Stages(dockerfile)[^1];
        var healthcheck = Assert.Single(finalStage, instruction => instruction.Keyword == "HEALTHCHECK").Arguments;

        Assert.Contains(finalStage, instruction => instruction.Keyword == "EXPOSE");
        Assert.Contains(finalStage, instruction => instruction.Keyword == "ENTRYPOINT");
        // The aspnet image has no curl; the probe script is copied into the image.
        Assert.Contains("/usr/local/bin/healthcheck", healthcheck, StringComparison.Ordinal);
        Assert.Contains(finalStage, instruction =>
            instruction.Keyword == "COPY" && instruction.Arguments.Contains("deploy/healthcheck.sh /usr/local/bin/healthcheck", StringComparison.Ordinal));
        Assert.True(File.Exists(RepositoryRoot.Combine("deploy", "healthcheck.sh")));
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void The_build_stage_uses_the_dotnet_10_sdk(string dockerfile)
    {
        var stages = Stages(dockerfile);

        Assert.Contains(stages, stage => stage[0].Arguments.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_web_image_builds_the_front_end_in_a_node_stage_and_skips_it_in_dotnet_publish()
    {
        var instructions = Stages("deploy/web.Dockerfile").SelectMany(stage => stage).ToList();

        Assert.Contains(instructions, instruction => instruction.Keyword == "RUN" && instruction.Arguments.StartsWith("npm ci", StringComparison.Ordinal));
        Assert.Contains(instructions, instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains("npm run build", StringComparison.Ordinal));
        var publish = Assert.Single(instructions, instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-p:SkipFrontEndBuild=true", publish.Arguments, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy/web.Dockerfile", "src/FeedbackPortal.Web/FeedbackPortal.Web.csproj")]
    [InlineData("deploy/worker.Dockerfile", "src/FeedbackPortal.Worker/FeedbackPortal.Worker.csproj")]
    public void The_restore_layer_copies_every_project_file_the_host_needs(string dockerfile, string project)
    {
        var instructions = Stages(dockerfile).SelectMany(stage => stage).ToList();
        var restoreIndex = instructions.FindIndex(instruction => instruction.Keyword == "RUN" && instruction.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreIndex > 0, $"{dockerfile} has no `dotnet restore` layer");
        var copiedBeforeRestore = string.Join('\n', instructions.Take(restoreIndex).Where(instruction => instruction.Keyword == "COPY").Select(instruction => instruction.Arguments));

        string[] rootFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];
        Assert.All(rootFiles, file => Assert.Contains(file, copiedBeforeRestore, StringComparison.Ordinal));

        if (!File.Exists(RepositoryRoot.Combine(project)))
        {
            // The worker project is added separately; its Dockerfile must at least name it.
            Assert.Contains(project, copiedBeforeRestore, StringComparison.Ordinal);
            return;
        }

        foreach (var required in ProjectClosure(project))
        {
            Assert.True(copiedBeforeRestore.Contains(required, StringComparison.Ordinal), $"{dockerfile} does not copy {required} before `dotnet restore`");
        }
    }

    [Fact]
    public void The_docker_build_context_leaves_out_build_output_and_dependencies()
    {
        var patterns = File.ReadAllLines(RepositoryRoot.Combine(".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.Contains("**/node_modules/", patterns);
        Assert.Contains(".git", patterns);
        // The images copy these; ignoring them would break the build.
        Assert.DoesNotContain("deploy/", patterns);
        Assert.DoesNotContain("src/", patterns);
        Assert.DoesNotContain("web/", patterns);
    }

    /// <summary>The project and every project it references, transitively, as repository-relative paths.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!result.Add(current))
            {
                continue;
            }

            var fullPath = RepositoryRoot.Combine(current);
            var directory = Path.GetDirectoryName(fullPath)!;
            foreach (var reference in XDocument.Load(fullPath).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value.Replace('\\', '/');
                if (include is not null)
                {
                    pending.Push(RepositoryRoot.RelativePath(Path.GetFullPath(Path.Combine(directory, include))));
                }
            }
        }

        return result;
    }

    private sealed record Instruction(string Keyword, string Arguments);

    /// <summary>Instructions grouped by build stage (each list starts with its FROM); line continuations joined, comments dropped.</summary>
    private static List<List<Instruction>> Stages(string dockerfile)
    {
        var stages = new List<List<Instruction>>();
        var logical = new List<string>();
        var pending = "";
        foreach (var rawLine in File.ReadAllLines(RepositoryRoot.Combine(dockerfile)))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1].Trim() + " ";
                continue;
            }

            pending += line;
            if (pending.Length > 0)
            {
                logical.Add(pending);
            }

            pending = "";
        }

        foreach (var line in logical)
        {
            var match = InstructionPattern().Match(line);
            Assert.True(match.Success, $"{dockerfile}: cannot parse `{line}`");
            var instruction = new Instruction(match.Groups[1].Value.ToUpperInvariant(), match.Groups[2].Value.Trim());
            if (instruction.Keyword == "FROM")
            {
                stages.Add([]);
            }

            if (stages.Count > 0)
            {
                stages[^1].Add(instruction);
            }
        }

        Assert.NotEmpty(stages);
        return stages;
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex InstructionPattern();
}
