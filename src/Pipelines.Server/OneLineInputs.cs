using Pipelines.Shared;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Pipelines.Server.Api;
using Pipelines.Server.Ui.Pages;
using Pipelines.Server.Ui;

namespace Pipelines.Server;

/// <summary>
/// The API's and the web UI's edge: every value a request brings — path segments, query parameters, form fields, the strings
/// of a JSON body — follows the command line's rule (<see cref="OneLineText"/>), checked once here before any endpoint reads
/// it, so no endpoint can forget a field. A refusal is 400 naming the field, never echoing the value (it may be a token).
/// Registry notifications (<c>/hooks</c>) are left to their own parser: a registry's JSON is not a person's input.
/// </summary>
internal static class OneLineInputs
{
    public static async Task Middleware(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        var covered = path == "/" || path.StartsWithSegments("/api") || path.StartsWithSegments("/ui");
        if (!covered || await FirstProblemAsync(context) is not { } found)
        {
            await next(context);
            return;
        }
        var message = $"The field '{found.Field}' {found.Problem}. {OneLineText.Advice}";
        if (path.StartsWithSegments("/api"))
        {
            await ApiErrors.Problem(StatusCodes.Status400BadRequest, message).ExecuteAsync(context);
            return;
        }
        await UiAccess.WritePageAsync(context, StatusCodes.Status400BadRequest, ErrorPage.Render(StatusCodes.Status400BadRequest, message, null, "/", "Back"));
    }

    private static async Task<(string Field, string Problem)?> FirstProblemAsync(HttpContext context)
    {
        var request = context.Request;
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && OneLineText.Problem(text) is { } problem) return (name, problem);
        }
        foreach (var (name, values) in request.Query)
        {
            foreach (var value in values) if (value is not null && OneLineText.Problem(value) is { } problem) return (name, problem);
        }
        if (request.HasFormContentType)
        {
            // Read once here; ASP.NET Core keeps the parsed form, so the endpoint's ReadFormAsync gets the same one.
            foreach (var (name, values) in await request.ReadFormAsync(context.RequestAborted))
            {
                foreach (var value in values) if (value is not null && OneLineText.Problem(value) is { } problem) return (name, problem);
            }
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/api"))
        {
            // Buffered so that the endpoint reads the body again from its start.
            request.EnableBuffering();
            var text = await new StreamReader(request.Body, leaveOpen: true).ReadToEndAsync(context.RequestAborted);
            request.Body.Position = 0;
            if (Parse(text) is { } body) return InJson(body, null);
        }
        return null;
    }

    // A body that is not JSON is the endpoint's to refuse, with its own message.
    private static JsonNode? Parse(string text)
    {
        try
        {
            return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Every string in the document, named by its key path (services, items in a list keep the list's name).
    private static (string Field, string Problem)? InJson(JsonNode? node, string? field)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (OneLineText.Problem(key) is { } badKey) return (field is null ? "(a key)" : field, badKey);
                    if (InJson(value, field is null ? key : $"{field}.{key}") is { } found) return found;
                }
                return null;
            case JsonArray array:
                foreach (var item in array) if (InJson(item, field) is { } found) return found;
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return OneLineText.Problem(text) is { } problem ? (field ?? "(the body)", problem) : null;
            default:
                return null;
        }
    }
}
