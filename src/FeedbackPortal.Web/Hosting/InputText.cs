using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using FeedbackPortal.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace FeedbackPortal.Web.Hosting;

/// <summary>Titles and names: bidirectional overrides and zero-width characters are removed, not refused.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DisplayLineAttribute : Attribute;

/// <summary>A controller that shows input errors itself (a form re-rendered with what was typed).</summary>
public interface IShowsInputErrors;

/// <summary>
/// The one place text enters the portal, for the JSON API and the HTML forms alike: after model
/// binding and before any action runs, every bound string (action arguments and the string
/// properties of our own request types, nested) is brought to Unicode NFC; NUL and other control
/// characters except newline and tab are refused with a localised error on the field; properties
/// marked <see cref="DisplayLineAttribute"/> lose bidirectional overrides and zero-width characters.
/// APIs answer 400 problem+json; forms that implement <see cref="IShowsInputErrors"/> re-render from
/// ModelState (the refused characters removed from what is shown back); other forms get a 400 page.
/// </summary>
public sealed class InputTextFilter : IAsyncActionFilter, IOrderedFilter
{
    private const int MaxDepth = 6;
    private const string RefusedItem = "fp:input-refused";

    /// <summary>The fields this request's input was refused for (control characters), keyed like the form's fields.</summary>
    public static IReadOnlyDictionary<string, string[]> RefusedFields(HttpContext context) =>
        context?.Items[RefusedItem] as IReadOnlyDictionary<string, string[]> ?? new Dictionary<string, string[]>();

    /// <summary>Before [ApiController]'s automatic 400 (-2000), so both kinds of error are answered alike.</summary>
    public int Order => -3000;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var api = context.Controller is ControllerBase and not Controller;
        var refused = new List<string>();
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            if (!context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null
                || parameter.Name.Contains("password", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var body = parameter.BindingInfo?.BindingSource == BindingSource.Body;
            var display = parameter.ParameterType == typeof(string)
                && (parameter as Microsoft.AspNetCore.Mvc.Controllers.ControllerParameterDescriptor)?.ParameterInfo
                    .GetCustomAttribute<DisplayLineAttribute>() is not null;
            context.ActionArguments[parameter.Name] = Clean(value, body || parameter.ParameterType != typeof(string) ? "" : parameter.Name,
                body && api, display, refused, 0);
        }

        if (refused.Count == 0)
        {
            await next();
            return;
        }

        var text = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedText>>();
        var errors = refused.Distinct().ToDictionary(f => f, _ => new[] { text["Input.ControlCharacters"].Value });
        context.HttpContext.Items[RefusedItem] = errors;
        foreach (var field in errors.Keys)
        {
            context.ModelState.AddModelError(field, text["Input.ControlCharacters"]);
        }

        if (api)
        {
            context.Result = ApiProblems.Validation(context, errors);
        }
        else if (context.Controller is not IShowsInputErrors)
        {
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
        }
        else
        {
            await next();
        }
    }

    /// <summary>Cleans a request object bound outside MVC's binding (a JSON part of a multipart body); returns the refused fields.</summary>
    public static IReadOnlyList<string> CleanObject(object model, bool json)
    {
        var refused = new List<string>();
        Clean(model, "", json, false, refused, 0);
        return refused.Distinct().ToList();
    }

    /// <summary>Text as stored: NFC, forbidden controls removed (the caller refuses the input when any were found).</summary>
    public static string Normalize(string value, bool displayLine, out bool hadControls)
    {
        ArgumentNullException.ThrowIfNull(value);
        hadControls = false;
        StringBuilder? cleaned = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var control = IsForbiddenControl(c);
            var invisible = displayLine && IsInvisible(c);
            hadControls |= control;
            if (control || invisible)
            {
                cleaned ??= new StringBuilder(value, 0, i, value.Length);
            }
            else
            {
                cleaned?.Append(c);
            }
        }

        var result = cleaned?.ToString() ?? value;
        try
        {
            return result.IsNormalized(NormalizationForm.FormC) ? result : result.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates cannot be normalised: they are not text either.
            hadControls = true;
            return new string(result.Where(ch => !char.IsSurrogate(ch)).ToArray()).Normalize(NormalizationForm.FormC);
        }
    }

    /// <summary>C0 and C1 controls and DEL, except tab, line feed and carriage return (line breaks from textareas).</summary>
    public static bool IsForbiddenControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    /// <summary>Bidirectional embeddings/overrides/isolates, zero-width characters, the BOM.</summary>
    public static bool IsInvisible(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069')
        or (>= '\u200B' and <= '\u200F') or '\u2060' or '\uFEFF' or '\u061C';

    private static object? Clean(object? value, string path, bool json, bool display, List<string> refused, int depth)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                var cleaned = Normalize(s, display, out var bad);
                if (bad)
                {
                    refused.Add(path);
                }

                return cleaned;
            case string[] array:
                for (var i = 0; i < array.Length; i++)
                {
                    array[i] = (string)Clean(array[i], path, json, display, refused, depth)!;
                }

                return array;
            case IList<string> list when !list.IsReadOnly:
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = (string)Clean(list[i], path, json, display, refused, depth)!;
                }

                return list;
        }

        var type = value.GetType();
        if (depth >= MaxDepth || type.Assembly != typeof(InputTextFilter).Assembly || value is IEnumerable)
        {
            return value; // only our own request types are walked: never files, streams or framework objects
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || !property.CanWrite || property.GetIndexParameters().Length > 0
                || property.Name.Contains("Password", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var current = property.GetValue(value);
            if (current is null || (property.PropertyType != typeof(string) && current is IEnumerable and not IList<string>))
            {
                continue;
            }

            var name = json ? JsonNamingPolicy.CamelCase.ConvertName(property.Name) : property.Name;
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            var childDisplay = property.GetCustomAttribute<DisplayLineAttribute>() is not null;
            var next = Clean(current, childPath, json, childDisplay, refused, depth + 1);
            if (!ReferenceEquals(next, current) && !Equals(next, current))
            {
                property.SetValue(value, next); // init-only setters of records too: this is the binding step
            }
        }

        return value;
    }
}
