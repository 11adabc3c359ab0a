using FeedbackPortal.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>Marks a conformance test class that needs a live Elasticsearch (ELASTICSEARCH_URL).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresElasticsearchAttribute : Attribute;

/// <summary>
/// A fact of the shared search conformance suite. In a class marked
/// <see cref="RequiresElasticsearchAttribute"/> it only becomes a test case when ELASTICSEARCH_URL is
/// set: without a cluster the class is simply not part of the run (no skipped tests that assert nothing).
/// </summary>
[XunitTestCaseDiscoverer("FeedbackPortal.IntegrationTests.Search.ConformanceFactDiscoverer", "FeedbackPortal.IntegrationTests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceFactAttribute : FactAttribute;

public sealed class ConformanceFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsCluster = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresElasticsearchAttribute)).Any();
        return needsCluster && TestEnvironment.ElasticsearchUrl is null
            ? []
            : base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
