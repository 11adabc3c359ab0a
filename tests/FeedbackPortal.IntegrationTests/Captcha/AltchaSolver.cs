using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FeedbackPortal.Infrastructure.Captcha;

namespace FeedbackPortal.IntegrationTests.Captcha;

/// <summary>Does what the ALTCHA widget does: fetch a challenge, brute-force the number, encode the payload.</summary>
public static class AltchaSolver
{
    public static async Task<JsonObject> ChallengeAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("/captcha/challenge"))!;

    public static long Solve(JsonObject challenge)
    {
        var salt = challenge["salt"]!.GetValue<string>();
        var target = challenge["challenge"]!.GetValue<string>();
        var max = challenge["maxnumber"]!.GetValue<long>();
        for (long n = 0; n <= max; n++)
        {
            if (AltchaCaptcha.Hash(salt, n) == target)
            {
                return n;
            }
        }

        throw new InvalidOperationException("No solution within maxnumber.");
    }

    public static string Payload(JsonObject challenge, long number, Action<JsonObject>? tamper = null)
    {
        var payload = new JsonObject
        {
            ["algorithm"] = challenge["algorithm"]!.GetValue<string>(),
            ["challenge"] = challenge["challenge"]!.GetValue<string>(),
            ["number"] = number,
            ["salt"] = challenge["salt"]!.GetValue<string>(),
            ["signature"] = challenge["signature"]!.GetValue<string>(),
            ["took"] = 12,
        };
        tamper?.Invoke(payload);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString(new JsonSerializerOptions())));
    }

    public static async Task<string> SolvedPayloadAsync(HttpClient client)
    {
        var challenge = await ChallengeAsync(client);
        return Payload(challenge, Solve(challenge));
    }
}
