using YamlDotNet.RepresentationModel;

namespace FeedbackPortal.Deploy.Tests;

public sealed class KubernetesManifestTests
{
    private const string WebDeployment = "feedbackportal-web";
    private const string WorkerDeployment = "feedbackportal-worker";
    private const string ConfigMapName = "feedbackportal-config";
    private const string SecretName = "feedbackportal-secrets";

    /// <summary>Settings a production pod cannot start (or cannot work) without, as environment variable names.</summary>
    private static readonly string[] RequiredSettings =
    [
        "ASPNETCORE_ENVIRONMENT",
        "Logging__Console__FormatterName",
        "Portal__DataDirectory",
        "Portal__InProcessWorkers",
        "Portal__PublicBaseUrl",
        "Database__Provider",
        "ConnectionStrings__Postgres",
        "Messaging__Transport",
        "ConnectionStrings__RabbitMq",
        "Messaging__QueueType",
        "Search__Engine",
        "Search__Elasticsearch__Url",
        "Email__Delivery",
        "Email__From",
        "Email__Smtp__Host",
        "Email__Smtp__Port",
        "Captcha__Provider",
        "Captcha__Altcha__HmacKey",
    ];

    [Fact]
    public void The_manifest_folder_holds_the_expected_kinds_of_object()
    {
        var kinds = KubernetesManifests.Objects.Select(item => item.Kind).ToHashSet(StringComparer.Ordinal);

        string[] expected =
        [
            "Namespace", "ConfigMap", "Secret", "PersistentVolumeClaim", "Deployment", "Service",
            "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget",
        ];
        Assert.Empty(expected.Except(kinds));
        Assert.Equal(2, KubernetesManifests.OfKind("Deployment").Count());
        Assert.Equal(2, KubernetesManifests.OfKind("HorizontalPodAutoscaler").Count());
    }

    [Fact]
    public void Every_kubernetes_document_has_the_fields_its_kind_requires()
    {
        var problems = new List<string>();
        var deploymentNames = KubernetesManifests.OfKind("Deployment").Select(item => item.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var item in KubernetesManifests.Objects)
        {
            var root = item.Root;
            void Require(bool condition, string what)
            {
                if (!condition)
                {
                    problems.Add($"{item}: {what}");
                }
            }

            Require(root.HasContent("apiVersion"), "apiVersion is missing");
            Require(root.HasContent("kind"), "kind is missing");
            Require(root.HasContent("metadata", "name"), "metadata.name is missing");

            switch (item.Kind)
            {
                case "Deployment":
                    CheckDeployment(root, Require);
                    break;
                case "Service":
                    Require(root.HasContent("spec", "selector"), "spec.selector is missing");
                    Require(root.HasContent("spec", "ports"), "spec.ports is missing");
                    break;
                case "Ingress":
                    Require(root.HasContent("spec", "rules"), "spec.rules is missing");
                    Require(root.HasContent("spec", "ingressClassName"), "spec.ingressClassName is missing");
                    break;
                case "HorizontalPodAutoscaler":
                    Require(root.Text("apiVersion") == "autoscaling/v2", "apiVersion must be autoscaling/v2");
                    Require(root.Text("spec", "scaleTargetRef", "kind") == "Deployment", "scaleTargetRef.kind must be Deployment");
                    Require(
                        deploymentNames.Contains(root.Text("spec", "scaleTargetRef", "name") ?? ""),
                        "scaleTargetRef.name does not name a Deployment in deploy/k8s");
                    var min = int.TryParse(root.Text("spec", "minReplicas"), out var minValue) ? minValue : (int?)null;
                    var max = int.TryParse(root.Text("spec", "maxReplicas"), out var maxValue) ? maxValue : (int?)null;
                    Require(min is > 0, "spec.minReplicas must be a positive number");
                    Require(max is not null && max >= min, "spec.maxReplicas must be at least minReplicas");
                    Require(root.HasContent("spec", "metrics"), "spec.metrics is missing");
                    break;
                case "PodDisruptionBudget":
                    Require(root.HasContent("spec", "selector", "matchLabels"), "spec.selector.matchLabels is missing");
                    Require(
                        root.HasContent("spec", "minAvailable") || root.HasContent("spec", "maxUnavailable"),
                        "spec.minAvailable or spec.maxUnavailable is required");
                    break;
                case "ConfigMap":
                    Require(root.HasContent("data"), "data is missing or empty");
                    break;
                case "Secret":
                    Require(root.HasContent("data") || root.HasContent("stringData"), "data/stringData is missing or empty");
                    break;
                case "PersistentVolumeClaim":
                    Require(root.HasContent("spec", "accessModes"), "spec.accessModes is missing");
                    Require(root.HasContent("spec", "resources", "requests", "storage"), "spec.resources.requests.storage is missing");
                    break;
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_kustomization_lists_every_manifest_in_the_folder_and_nothing_else()
    {
        var listed = KubernetesManifests.Kustomization.Items("resources")
            .OfType<YamlScalarNode>()
            .Select(node => node.Value ?? "")
            .Order(StringComparer.Ordinal)
            .ToList();
        var onDisk = KubernetesManifests.YamlFiles
            .Where(file => file != KubernetesManifests.KustomizationFile)
            .ToList();

        Assert.Equal(onDisk, listed);
        Assert.Equal("feedbackportal", KubernetesManifests.Kustomization.Text("namespace"));
    }

    [Fact]
    public void Every_environment_variable_the_deployments_reference_exists_in_the_config_map_or_secret()
    {
        var configMaps = KubernetesManifests.OfKind("ConfigMap")
            .ToDictionary(item => item.Name, item => item.Root.Keys("data").ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var secrets = KubernetesManifests.OfKind("Secret")
            .ToDictionary(item => item.Name, item => KubernetesManifests.SecretKeys(item.Name), StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (var deployment in KubernetesManifests.OfKind("Deployment"))
        {
            foreach (var container in Containers(deployment.Root))
            {
                var where = $"{deployment} container {container.Text("name")}";
                var envFrom = container.Items("envFrom");
                if (envFrom.Count == 0)
                {
                    problems.Add($"{where}: no envFrom; the portal is configured from the ConfigMap and Secret");
                }

                foreach (var source in envFrom)
                {
                    if (source.Text("configMapRef", "name") is { } configMap && !configMaps.ContainsKey(configMap))
                    {
                        problems.Add($"{where}: envFrom names ConfigMap '{configMap}', which deploy/k8s does not define");
                    }

                    if (source.Text("secretRef", "name") is { } secret && !secrets.ContainsKey(secret))
                    {
                        problems.Add($"{where}: envFrom names Secret '{secret}', which deploy/k8s does not define");
                    }
                }

                foreach (var variable in container.Items("env"))
                {
                    var name = variable.Text("name");
                    if (variable.At("valueFrom", "configMapKeyRef") is { } configMapRef &&
                        !(configMaps.TryGetValue(configMapRef.Text("name") ?? "", out var keys) && keys.Contains(configMapRef.Text("key") ?? "")))
                    {
                        problems.Add($"{where}: env {name} reads a ConfigMap key that does not exist");
                    }

                    if (variable.At("valueFrom", "secretKeyRef") is { } secretRef &&
                        !(secrets.TryGetValue(secretRef.Text("name") ?? "", out var secretKeys) && secretKeys.Contains(secretRef.Text("key") ?? "")))
                    {
                        problems.Add($"{where}: env {name} reads a Secret key that does not exist");
                    }
                }
            }
        }

        var provided = configMaps.Values.SelectMany(keys => keys).Concat(secrets.Values.SelectMany(keys => keys)).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(RequiredSettings.Where(setting => !provided.Contains(setting)).Select(setting => $"no ConfigMap or Secret provides {setting}"));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Credentials_are_in_the_secret_and_no_setting_is_defined_twice()
    {
        var configKeys = KubernetesManifests.ConfigMapData(ConfigMapName).Keys.ToList();
        var secretKeys = KubernetesManifests.SecretKeys(SecretName);

        Assert.Empty(configKeys.Intersect(secretKeys));
        Assert.DoesNotContain(configKeys, key =>
            key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) ||
            key.EndsWith("Password", StringComparison.Ordinal) ||
            key.EndsWith("ApiKey", StringComparison.Ordinal) ||
            key.EndsWith("SecretKey", StringComparison.Ordinal) ||
            key.EndsWith("HmacKey", StringComparison.Ordinal));
    }

    [Fact]
    public void The_config_map_selects_the_production_engines()
    {
        var data = KubernetesManifests.ConfigMapData(ConfigMapName);

        Assert.Equal("Production", data["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("json", data["Logging__Console__FormatterName"]);
        Assert.Equal("false", data["Portal__InProcessWorkers"]);
        Assert.Equal("Postgres", data["Database__Provider"]);
        Assert.Equal("RabbitMq", data["Messaging__Transport"]);
        Assert.Equal("Quorum", data["Messaging__QueueType"]);
        Assert.Equal("Elasticsearch", data["Search__Engine"]);
        Assert.Equal("Smtp", data["Email__Delivery"]);
        Assert.Equal("Altcha", data["Captcha__Provider"]);
    }

    [Theory]
    [InlineData(WebDeployment, 3, 8080)]
    [InlineData(WorkerDeployment, 2, 8081)]
    public void Each_deployment_probes_its_health_endpoints_on_its_own_port_and_leaves_its_size_to_an_hpa(string name, int minReplicas, int port)
    {
        var deployment = KubernetesManifests.Single("Deployment", name).Root;
        var container = Assert.Single(Containers(deployment));

        // A replicas field would reset the HPA's count on every apply.
        Assert.Null(deployment.Text("spec", "replicas"));
        var hpa = Assert.Single(KubernetesManifests.OfKind("HorizontalPodAutoscaler"), h => h.Root.Text("spec", "scaleTargetRef", "name") == name);
        Assert.Equal("Deployment", hpa.Root.Text("spec", "scaleTargetRef", "kind"));
        Assert.Equal(minReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture), hpa.Root.Text("spec", "minReplicas"));
        Assert.Equal("/health/ready", container.Text("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.Text("livenessProbe", "httpGet", "path"));
        Assert.Equal(port, ProbePort(container, "readinessProbe"));
        Assert.Equal(port, ProbePort(container, "livenessProbe"));
    }

    [Theory]
    [InlineData(WebDeployment)]
    [InlineData(WorkerDeployment)]
    public void Pods_run_as_non_root_on_a_read_only_root_filesystem_with_a_writable_tmp(string name)
    {
        var deployment = KubernetesManifests.Single("Deployment", name).Root;
        var podSpec = deployment.At("spec", "template", "spec");
        var container = Assert.Single(Containers(deployment));
        var volumes = podSpec.Items("volumes").ToDictionary(volume => volume.Text("name") ?? "", StringComparer.Ordinal);
        var mounts = container.Items("volumeMounts").ToDictionary(mount => mount.Text("mountPath") ?? "", mount => mount.Text("name") ?? "", StringComparer.Ordinal);

        Assert.True(
            podSpec.Text("securityContext", "runAsNonRoot") == "true" || container.Text("securityContext", "runAsNonRoot") == "true",
            "runAsNonRoot must be true");
        Assert.NotEqual("0", podSpec.Text("securityContext", "runAsUser"));
        Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));

        Assert.True(mounts.TryGetValue("/tmp", out var tmpVolume), "/tmp must be mounted");
        Assert.NotNull(volumes[tmpVolume].At("emptyDir"));

        Assert.True(mounts.TryGetValue("/app/data/attachments", out var attachmentsVolume), "/app/data/attachments must be mounted");
        var claimName = volumes[attachmentsVolume].Text("persistentVolumeClaim", "claimName");
        var claim = KubernetesManifests.Single("PersistentVolumeClaim", claimName ?? "").Root;
        Assert.Contains(claim.Items("spec", "accessModes"), mode => mode.Text() == "ReadWriteMany");
    }

    [Fact]
    public void Web_pods_share_one_data_protection_key_ring_on_a_volume_of_its_own_that_workers_do_not_mount()
    {
        var deployment = KubernetesManifests.Single("Deployment", WebDeployment).Root;
        var podSpec = deployment.At("spec", "template", "spec");
        var container = Assert.Single(Containers(deployment));
        var configMap = KubernetesManifests.Single("ConfigMap", ConfigMapName).Root.ScalarMap("data");
        var keysDirectory = configMap["DataProtection__KeysDirectory"];

        var mount = Assert.Single(container.Items("volumeMounts"), m => m.Text("mountPath") == keysDirectory);
        var volume = Assert.Single(podSpec.Items("volumes"), v => v.Text("name") == mount.Text("name"));
        var claimName = volume.Text("persistentVolumeClaim", "claimName") ?? "";
        var claim = KubernetesManifests.Single("PersistentVolumeClaim", claimName).Root;
        Assert.Contains(claim.Items("spec", "accessModes"), mode => mode.Text() == "ReadWriteMany");
        Assert.Null(mount.Text("subPath"));

        var attachments = Assert.Single(container.Items("volumeMounts"), m => m.Text("mountPath") == "/app/data/attachments");
        var attachmentsClaim = podSpec.Items("volumes").Single(v => v.Text("name") == attachments.Text("name")).Text("persistentVolumeClaim", "claimName");
        Assert.NotEqual(attachmentsClaim, claimName);

        var workerPod = KubernetesManifests.Single("Deployment", WorkerDeployment).Root.At("spec", "template", "spec");
        Assert.DoesNotContain(workerPod.Items("volumes"), v => v.Text("persistentVolumeClaim", "claimName") == claimName);
    }

    [Fact]
    public void The_service_disruption_budget_and_ingress_all_reach_the_web_pods()
    {
        var podLabels = KubernetesManifests.Single("Deployment", WebDeployment).Root.ScalarMap("spec", "template", "metadata", "labels");
        var service = Assert.Single(KubernetesManifests.OfKind("Service"));
        var budget = Assert.Single(KubernetesManifests.OfKind("PodDisruptionBudget"));
        var ingress = Assert.Single(KubernetesManifests.OfKind("Ingress"));

        Assert.True(IsSubset(service.Root.ScalarMap("spec", "selector"), podLabels), "Service selector does not match the web pods");
        Assert.True(IsSubset(budget.Root.ScalarMap("spec", "selector", "matchLabels"), podLabels), "PDB selector does not match the web pods");

        var servicePortNames = service.Root.Items("spec", "ports").Select(port => port.Text("name")).ToHashSet(StringComparer.Ordinal);
        var backends = ingress.Root.Items("spec", "rules")
            .SelectMany(rule => rule.Items("http", "paths"))
            .Select(path => path.At("backend", "service"))
            .ToList();
        Assert.NotEmpty(backends);
        Assert.All(backends, backend =>
        {
            Assert.Equal(service.Name, backend.Text("name"));
            Assert.Contains(backend.Text("port", "name"), servicePortNames);
        });
        Assert.Equal("nginx", ingress.Root.Text("spec", "ingressClassName"));
        Assert.NotEmpty(ingress.Root.Items("spec", "tls"));
    }

    private static void CheckDeployment(YamlMappingNode root, Action<bool, string> require)
    {
        var matchLabels = root.ScalarMap("spec", "selector", "matchLabels");
        var podLabels = root.ScalarMap("spec", "template", "metadata", "labels");
        require(matchLabels.Count > 0, "spec.selector.matchLabels is missing");
        require(IsSubset(matchLabels, podLabels), "spec.selector.matchLabels does not match spec.template.metadata.labels");

        var containers = Containers(root);
        require(containers.Count > 0, "spec.template.spec.containers is missing");
        foreach (var container in containers)
        {
            var name = container.Text("name") ?? "(unnamed)";
            require(container.HasContent("image"), $"container {name} has no image");
            require(container.HasContent("readinessProbe"), $"container {name} has no readinessProbe");
            require(container.HasContent("livenessProbe"), $"container {name} has no livenessProbe");
            require(container.HasContent("resources", "requests"), $"container {name} has no resources.requests");
            require(container.HasContent("resources", "limits"), $"container {name} has no resources.limits");
        }
    }

    private static IReadOnlyList<YamlNode> Containers(YamlNode deployment) =>
        deployment.Items("spec", "template", "spec", "containers");

    private static int? ProbePort(YamlNode container, string probe)
    {
        var port = container.Text(probe, "httpGet", "port");
        if (int.TryParse(port, out var number))
        {
            return number;
        }

        var named = container.Items("ports").SingleOrDefault(item => item.Text("name") == port);
        return int.TryParse(named.Text("containerPort"), out var containerPort) ? containerPort : null;
    }

    private static bool IsSubset(IReadOnlyDictionary<string, string> subset, IReadOnlyDictionary<string, string> superset) =>
        subset.Count > 0 && subset.All(pair => superset.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
