using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OmiseEvents.Json;

namespace OmiseEvents.Benchmarks;

/// <summary>
/// The floor a listing cannot beat with k requests at a time: one round trip for the first page
/// (it tells the total), ⌈(pages−1)/k⌉ more for the rest, plus the pure cost of reading the JSON.
/// </summary>
internal static class Floor
{
    public sealed record Model(double RoundTripMs, double ParseMs, int Pages)
    {
        public double Ms(int k) => RoundTripMs + Math.Ceiling((Pages - 1) / (double)k) * RoundTripMs + ParseMs;
    }

    public static Model Measure(Uri baseUri, string key, int events)
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));

        // A full page's round trip, read as bytes and not parsed: the median of nine.
        var trips = new List<double>();
        for (int i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            _ = http.GetByteArrayAsync("events?offset=0&limit=100").GetAwaiter().GetResult();
            trips.Add(watch.Elapsed.TotalMilliseconds);
        }
        double roundTrip = trips.OrderBy(t => t).ElementAt(trips.Count / 2);

        // Every page fetched first, then read with the module's own reader, timed alone.
        var bodies = Enumerable.Range(0, (events + 99) / 100)
            .Select(p => http.GetByteArrayAsync($"events?offset={p * 100}&limit=100").GetAwaiter().GetResult()).ToList();
        // Timed on the third pass, once the reader is fully compiled.
        double parseMs = 0;
        for (int pass = 0; pass < 3; pass++)
        {
            var parse = Stopwatch.StartNew();
            foreach (var body in bodies)
            {
                Parse(body);
            }
            parseMs = parse.Elapsed.TotalMilliseconds;
        }
        return new Model(roundTrip, parseMs, bodies.Count);
    }

    private static void Parse(byte[] body) => _ = EventReader.ReadPage(body);
}
