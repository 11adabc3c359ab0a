using System.Text.Json;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>
/// A small OpenAPI 3.0 schema validator (no JSON-schema package is available here): $ref within the
/// document, type, nullable, enum, properties, required, additionalProperties, items, allOf, anyOf,
/// oneOf (as "at least one branch matches": Elasticsearch's unions overlap), min/maxProperties,
/// minimum/maximum. Strict mode also rejects properties a schema does not declare (merging the
/// properties of allOf branches), as Elasticsearch rejects unknown keys in request bodies.
/// </summary>
public sealed class OpenApiSchemaValidator
{
    private readonly JsonDocument _document;

    private OpenApiSchemaValidator(JsonDocument document) => _document = document;

    public bool Strict { get; init; } = true;

    /// <summary>
    /// Elasticsearch objects keyed by the user's field names (a sort on "submittedAt", terms on
    /// "agency"): the specification's source has them, its OpenAPI export keeps only the fixed keys.
    /// Strict mode checks such keys against these value schemas instead of rejecting them.
    /// </summary>
    private static readonly Dictionary<string, string> FieldKeyedValues = new(StringComparer.Ordinal)
    {
        ["_types.SortOptions"] = """
            {"type":"object","properties":{"order":{"$ref":"#/components/schemas/_types.SortOrder"},
             "mode":{"$ref":"#/components/schemas/_types.SortMode"},"missing":{},"unmapped_type":{"type":"string"},
             "format":{"type":"string"},"numeric_type":{"type":"string"}},"additionalProperties":false}
            """,
        ["_types.query_dsl.TermsQuery"] = """
            {"type":"array","items":{"oneOf":[{"type":"string"},{"type":"number"},{"type":"boolean"}]}}
            """,
    };

    private readonly Dictionary<string, JsonElement> _fieldKeyed = FieldKeyedValues.ToDictionary(
        p => p.Key, p => JsonDocument.Parse(p.Value).RootElement.Clone(), StringComparer.Ordinal);

    public static OpenApiSchemaValidator Load(string path) => new(JsonDocument.Parse(File.ReadAllBytes(path)));

    /// <summary>The request body schema of an operation, e.g. ("/{index}/_search", "post").</summary>
    public JsonElement RequestBodySchema(string path, string method, string contentType = "application/json")
    {
        var body = Resolve(_document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody"));
        return body.GetProperty("content").GetProperty(contentType).GetProperty("schema");
    }

    public JsonElement ComponentSchema(string name) =>
        _document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty(name);

    public IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private JsonElement Resolve(JsonElement schema)
    {
        var guard = 0;
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var pointer = reference.GetString()!;
            if (!pointer.StartsWith("#/", StringComparison.Ordinal) || ++guard > 64)
            {
                throw new InvalidOperationException($"Unsupported $ref {pointer}");
            }

            schema = _document.RootElement;
            foreach (var segment in pointer[2..].Split('/'))
            {
                schema = schema.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
        }

        return schema;
    }

    private bool Check(JsonElement schema, JsonElement value, string at, List<string> errors, bool partial = false)
    {
        var original = schema;
        schema = Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return true; // true/{} schemas
        }

        var before = errors.Count;
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (schema.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True)
            {
                return true;
            }
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(type.GetString()!, value))
        {
            errors.Add($"{at}: expected {type.GetString()}, got {value.ValueKind}");
            return false;
        }

        if (schema.TryGetProperty("enum", out var enumValues)
            && !enumValues.EnumerateArray().Any(e => JsonElement.DeepEquals(e, value)))
        {
            errors.Add($"{at}: {value.GetRawText()} is not one of {enumValues.GetRawText()}");
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            // allOf branches are parts of one object: each checks its own keys, the whole checks unknown ones.
            foreach (var branch in allOf.EnumerateArray())
            {
                Check(branch, value, at, errors, partial: true);
            }
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var branches))
            {
                var branchErrors = new List<string>();
                if (!branches.EnumerateArray().Any(b => Check(b, value, at, branchErrors, partial)))
                {
                    errors.Add($"{at}: matches no branch of {keyword} ({string.Join("; ", branchErrors.Take(6))})");
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, original, value, at, errors, partial);
        }
        else if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{at}[{i++}]", errors);
            }
        }
        else if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("minimum", out var min) && value.GetDouble() < min.GetDouble())
            {
                errors.Add($"{at}: {value} < minimum {min}");
            }

            if (schema.TryGetProperty("maximum", out var max) && value.GetDouble() > max.GetDouble())
            {
                errors.Add($"{at}: {value} > maximum {max}");
            }
        }

        return errors.Count == before;
    }

    private void CheckObject(JsonElement schema, JsonElement original, JsonElement value, string at, List<string> errors, bool partial)
    {
        var count = value.EnumerateObject().Count();
        if (schema.TryGetProperty("minProperties", out var minP) && count < minP.GetInt32())
        {
            errors.Add($"{at}: fewer than {minP} properties");
        }

        if (schema.TryGetProperty("maxProperties", out var maxP) && count > maxP.GetInt32())
        {
            errors.Add($"{at}: more than {maxP} properties");
        }

        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{at}: missing required property '{name}'");
                }
            }
        }

        var declared = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        JsonElement? fieldKeyed = null;
        CollectProperties(original, declared, ref fieldKeyed, 0);
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in value.EnumerateObject())
        {
            var path = $"{at}.{property.Name}";
            if (schema.TryGetProperty("properties", out var own) && own.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, path, errors);
            }
            else if (declared.ContainsKey(property.Name))
            {
                // declared in an allOf branch, which checks it
            }
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    errors.Add($"{path}: additional property not allowed");
                }
                else if (additional.ValueKind == JsonValueKind.Object)
                {
                    Check(additional, property.Value, path, errors);
                }
            }
            else if (fieldKeyed is { } fieldValue)
            {
                Check(fieldValue, property.Value, path, errors);
            }
            else if (Strict && !partial && declared.Count > 0)
            {
                errors.Add($"{path}: unknown property (not in the schema)");
            }
        }
    }

    private void CollectProperties(JsonElement schema, Dictionary<string, JsonElement> into, ref JsonElement? fieldKeyed, int depth)
    {
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
            && _fieldKeyed.TryGetValue(reference.GetString()!.Split('/')[^1], out var values))
        {
            fieldKeyed = values;
        }

        schema = Resolve(schema);
        if (depth > 16 || schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var p in properties.EnumerateObject())
            {
                into.TryAdd(p.Name, p.Value);
            }
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var branch in allOf.EnumerateArray())
            {
                CollectProperties(branch, into, ref fieldKeyed, depth + 1);
            }
        }
    }

    private static bool TypeMatches(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => true,
    };
}
