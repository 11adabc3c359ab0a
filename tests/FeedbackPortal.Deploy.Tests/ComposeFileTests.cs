using YamlDotNet.RepresentationModel;

namespace FeedbackPortal.Deploy.Tests;

public sealed class ComposeFileTests
{
    private static readonly string[] Infrastructure = ["postgres", "rabbitmq", "elasticsearch", "mailpit"];
    private static readonly string[] PortalServices = ["web", "worker"];

    private static readonly Lazy<YamlMappingNode> Compose = new(() =>
    {
        var documents = Yaml.LoadDocuments(RepositoryRoot.Combine("docker-compose.yml"));
        return Assert.IsType<YamlMappingNode>(Assert.Single(documents).RootNode);
    });

    [Fact]
    public void The_compose_file_parses_and_defines_the_whole_stack()
    {
        var services = Compose.Value.Keys("services").ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Infrastructure.Concat(PortalServices).Except(services));
        // Debian's docker-compose 1.29 rejects the top-level `name:` of newer Compose versions.
        Assert.Null(Compose.Value.At("name"));
    }

    [Fact]
    public void Every_service_has_a_healthcheck()
    {
        foreach (var service in Infrastructure.Concat(PortalServices))
        {
            Assert.True(Compose.Value.HasContent("services", service, "healthcheck", "test"), $"{service} has no healthcheck test");
        }
    }

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public void The_portal_services_wait_for_healthy_infrastructure(string service)
    {
        var dependsOn = Compose.Value.Mapping("services", service, "depends_on");
        Assert.NotNull(dependsOn);

        foreach (var dependency in Infrastructure)
        {
            Assert.Equal("service_healthy", dependsOn.Text(dependency, "condition"));
        }
    }

    [Fact]
    public void The_worker_does_not_wait_for_the_web_host_because_both_migrate_under_a_lock()
    {
        Assert.DoesNotContain("web", Compose.Value.Keys("services", "worker", "depends_on"));
    }

    [Fact]
    public void The_web_host_keeps_its_data_protection_keys_on_a_named_volume()
    {
        var keysDirectory = Compose.Value.Mapping("services", "web", "environment").Text("DataProtection__KeysDirectory");
        Assert.Equal("/app/data/keys", keysDirectory);
        var volumes = Compose.Value.Items("services", "web", "volumes").Select(v => v.Text()).ToList();
        Assert.Contains("dataprotection-keys:/app/data/keys", volumes);
        Assert.Contains("dataprotection-keys", Compose.Value.Keys("volumes"));
        // Workers share the attachments volume but never see the key ring.
        Assert.DoesNotContain(Compose.Value.Items("services", "worker", "volumes"), v => (v.Text() ?? "").StartsWith("dataprotection-keys", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("web", "deploy/web.Dockerfile")]
    [InlineData("worker", "deploy/worker.Dockerfile")]
    public void The_portal_services_build_from_the_deploy_dockerfiles(string service, string dockerfile)
    {
        Assert.Equal(".", Compose.Value.Text("services", service, "build", "context"));
        Assert.Equal(dockerfile, Compose.Value.Text("services", service, "build", "dockerfile"));
        Assert.True(File.Exists(RepositoryRoot.Combine(dockerfile)), $"{dockerfile} is missing");
    }

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public void The_portal_services_are_configured_for_the_production_engines_by_environment(string service)
    {
        var environment = Compose.Value.ScalarMap("services", service, "environment");

        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("json", environment["Logging__Console__FormatterName"]);
        Assert.Equal("false", environment["Portal__InProcessWorkers"]);
        Assert.Equal("Postgres", environment["Database__Provider"]);
        Assert.Equal("RabbitMq", environment["Messaging__Transport"]);
        Assert.Equal("Quorum", environment["Messaging__QueueType"]);
        Assert.Equal("Elasticsearch", environment["Search__Engine"]);
        Assert.Equal("Smtp", environment["Email__Delivery"]);
        Assert.Equal("mailpit", environment["Email__Smtp__Host"]);
        Assert.Equal("1025", environment["Email__Smtp__Port"]);
        Assert.Equal("Altcha", environment["Captcha__Provider"]);
        Assert.StartsWith("${ALTCHA_HMAC_KEY", environment["Captcha__Altcha__HmacKey"], StringComparison.Ordinal);
        Assert.Contains("@rabbitmq:5672", environment["ConnectionStrings__RabbitMq"], StringComparison.Ordinal);
        Assert.Contains("Host=postgres", environment["ConnectionStrings__Postgres"], StringComparison.Ordinal);
    }

    [Fact]
    public void Elasticsearch_runs_as_a_secured_single_node_with_a_memory_limit()
    {
        var environment = Compose.Value.ScalarMap("services", "elasticsearch", "environment");

        Assert.Equal("single-node", environment["discovery.type"]);
        Assert.Equal("true", environment["xpack.security.enabled"]);
        Assert.Equal("false", environment["xpack.security.http.ssl.enabled"]);
        Assert.StartsWith("${ELASTIC_PASSWORD", environment["ELASTIC_PASSWORD"], StringComparison.Ordinal);
        Assert.True(Compose.Value.HasContent("services", "elasticsearch", "mem_limit"), "elasticsearch needs mem_limit");
    }

    [Fact]
    public void Stateful_services_keep_their_data_in_named_volumes()
    {
        var declared = Compose.Value.Keys("volumes").ToHashSet(StringComparer.Ordinal);

        foreach (var service in new[] { "postgres", "rabbitmq", "elasticsearch", "web", "worker" })
        {
            var volumes = Compose.Value.Items("services", service, "volumes");
            Assert.NotEmpty(volumes);
            Assert.All(volumes, volume => Assert.Contains((volume.Text() ?? "").Split(':')[0], declared));
        }
    }
}
